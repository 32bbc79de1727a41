"""The inverted index behind similar proposals: kept in step with the proposals' tokens."""

from lvzhi.proposals import services, similarity
from lvzhi.proposals.models import Proposal, SimilarityTerm


def test_a_proposal_is_indexed_by_the_service_and_a_lookup_writes_nothing(world):
    filed = world.filed()
    rows = SimilarityTerm.objects.filter(proposal=filed).count()
    assert 0 < rows <= similarity.INDEX_TOKENS and Proposal.objects.get(pk=filed.pk).tokens_indexed
    assert similarity.refresh_index(world.committee.pk) == 0
    found = similarity.similar(world.committee.pk, similarity.tokens_for("校外托管机构"))
    assert [m.proposal.pk for m in found] == [filed.pk]
    assert SimilarityTerm.objects.filter(proposal=filed).count() == rows


def test_an_edited_draft_is_found_by_its_new_words_and_not_its_old(world):
    draft = world.draft()
    services.submit_proposal(actor=world.p.member, proposal=draft)
    services.return_proposal(actor=world.p.staff, proposal=draft, note="请改写")
    similarity.refresh_index(world.committee.pk)
    services.update_proposal(
        actor=world.p.member,
        proposal=draft,
        data={
            "title": "关于加快冷链物流体系建设的建议",
            "situation": "冷链物流设施不足。",
            "suggestions": "建设冷库。",
        },
    )
    services.submit_proposal(actor=world.p.member, proposal=draft)
    found = similarity.similar(world.committee.pk, similarity.tokens_for("关于冷链物流的建议"))
    assert [m.proposal.pk for m in found] == [draft.pk]
    assert similarity.similar(world.committee.pk, similarity.tokens_for("关于托管机构的建议")) == []


def test_the_index_keeps_the_title_and_the_most_frequent_words():
    tokens = similarity.tokens_for("关于冷链物流的建议", "物流 物流 物流 冷库 " + " ".join(f"词{i}" for i in range(60)))
    kept = similarity.index_tokens(tokens)
    assert len(kept) <= similarity.INDEX_TOKENS
    assert kept[0] == "物流" and "冷链" in kept


def test_a_lookup_reads_the_frequencies_freshness_with_its_candidates(world, django_assert_num_queries):
    filed = world.filed()
    tokens = similarity.tokens_for("关于规范校外托管机构收费的建议")
    similarity.similar(world.committee.pk, tokens)  # the committee's frequencies, kept in this process
    with django_assert_num_queries(1):  # the candidates, with the committee's stamp
        found = similarity.similar(world.committee.pk, tokens)
    assert [m.proposal.pk for m in found] == [filed.pk]
    assert (found[0].proposal.title, found[0].proposal.state) == (filed.title, filed.state)


def test_a_lookup_with_stale_frequencies_ranks_as_one_with_fresh_ones(world):
    first = world.filed()
    tokens = similarity.tokens_for("关于规范校外托管机构收费的建议")
    similarity.similar(world.committee.pk, tokens)  # kept: they count one proposal
    for title in ("关于校外托管机构收费公示的建议", "关于托管机构收费标准的建议", "关于规范收费行为的建议"):
        world.filed(title=title)  # the rare words are no longer the same
    stale = similarity.similar(world.committee.pk, tokens)
    similarity._indexes.clear()
    fresh = similarity.similar(world.committee.pk, tokens)
    assert [(m.proposal.pk, m.score) for m in stale] == [(m.proposal.pk, m.score) for m in fresh]
    assert first.pk in {m.proposal.pk for m in fresh} and len(fresh) == 4
