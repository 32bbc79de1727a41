"""Proposals over the API (issue 3, section 6): the same visibility, services and action tables as
the pages. `proposals.py`: proposals and their actions; `assignments.py`: the units' inbox, the
assignments' and extension requests' actions; `rules.py`: the committee's rules and lists. The
schemas are in `lvzhi.proposals.schemas`, the serialisers in `output.py`."""

from ninja import Router

from lvzhi.proposals.api import assignments, proposals, rules

router = Router(tags=["proposals"])
router.add_router("", proposals.router)
router.add_router("", assignments.router)
router.add_router("", rules.router)

__all__ = ["router"]
