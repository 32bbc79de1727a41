"""Test and demo helpers for statistics: regulations written through the real services."""

from lvzhi.stats import services


def make_regulation(actor, committee, title, kind, adopted_on, **extra):
    data = {"title": title, "kind": kind, "adopted_on": adopted_on, **extra}
    return services.create_regulation(actor=actor, committee=committee, data=data)


class RegulationWorld:
    """The personas, plus a few regulations of 武威, 凉州区 and 平凉 written through the services."""

    def __init__(self, personas):
        self.p = personas
        self.staff = personas.staff
        self.mechanism = make_regulation(personas.staff, personas.wuwei, "招商引资工作机制", "mechanism", "2023-06-08")
        self.system = make_regulation(personas.staff, personas.wuwei, "常委会工作规则", "system", "2015-03-01")
        services.revise_regulation(actor=personas.staff, regulation=self.system, data={"revised_on": "2022-01-10"})
        self.county = make_regulation(
            personas.staff, personas.liangzhou, "凉州区协商议事工作机制", "mechanism", "2024-01-01"
        )
        self.pingliang = make_regulation(
            personas.other_staff, personas.pingliang, "平凉市政协提案工作条例", "system", "2016-05-01"
        )
