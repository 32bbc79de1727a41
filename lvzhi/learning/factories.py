"""Test factories for the learning corner: real rows made through the services."""

from lvzhi.accounts.choices import Role
from lvzhi.accounts.factories import make_user
from lvzhi.learning import services
from lvzhi.org.factories import make_member

REFLECTION = (
    "通过学习，我深刻认识到履职尽责必须坚持人民至上，要深入基层调查研究，"
    "把群众的急难愁盼反映上来，提出务实管用的意见建议。"
)


class LearningWorld:
    """The personas plus a second 武威 member and a 凉州区 member with accounts."""

    def __init__(self, personas):
        self.p = personas
        self.member = personas.member
        self.staff = personas.staff
        self.person2 = make_member(personas.wuwei, "周敏")
        self.member2 = make_user("member2", roles=[Role.MEMBER], committee=personas.wuwei, member=self.person2)
        self.county_member = make_user(
            "county_member", roles=[Role.MEMBER], committee=personas.liangzhou, member=personas.county_person
        )
        self.pingliang_member = make_user(
            "pingliang_member", roles=[Role.MEMBER], committee=personas.pingliang, member=personas.pingliang_person
        )

    def material(self, *, committee=None, publish=True, actor=None, **data):
        committee = committee or self.p.wuwei
        actor = actor or (self.p.other_staff if committee == self.p.pingliang else self.staff)
        values = {"title": "学习贯彻全国政协全体会议精神", "kind": "article", "body": "<p>正文</p>"}
        values.setdefault("topics", ["第一议题"])
        values.update(data)
        material = services.create_material(actor=actor, committee=committee, data=values)
        if publish:
            services.publish_material(actor=actor, material=material)
        return material

    def required(self, **data):
        return self.material(required=True, deadline="2099-12-31", **data)

    def book(self, **data):
        data.setdefault("title", "《习近平谈治国理政》")
        return self.material(kind="book", author="外文出版社", **data)

    def group(self, book=None, **kwargs):
        book = book or self.book()
        return services.create_group(
            actor=self.staff,
            committee=book.committee,
            name=kwargs.pop("name", "书香政协读书群"),
            book=book,
            sessions=kwargs.pop("sessions", [{"date": "2026-03-01", "chapters": "第一章"}]),
            **kwargs,
        )
