"""A list's filter choices carry their pinyin and initials, so that the searchable picker the page
makes of a long filter finds 武威市 · 经济界 by "jjj" as it finds a person in a form."""


def test_the_member_list_filters_offer_their_choices_by_pinyin(personas, client):
    client.force_login(personas.staff)
    html = client.get("/org/members/").content.decode()
    sector = f'<option value="{personas.sector.pk}"  data-pinyin="wuweishijingjijie wwsjjj">武威市 · 经济界</option>'
    assert sector in html
    assert 'data-pinyin="wuweishi wws">武威市' in html
