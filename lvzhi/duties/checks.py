"""A system check: every registered duty producer follows the DutyProducer contract (its titles a
`Titles`, read with every other kind's in one statement)."""

from django.core import checks

from lvzhi.core import registry


@checks.register()
def duty_producers_follow_the_contract(app_configs=None, **kwargs):
    problems = []
    seen = set()
    for module in registry.modules():
        for producer in module.duty_producers:
            if not isinstance(producer, registry.DutyProducer):
                problems.append(
                    checks.Warning(
                        f"模块 {module.key} 的 duty_producers 中有不是 DutyProducer 的项，履职档案不会读取它。",
                        hint="见 docs/adding-a-module.md 的“履职事件”一节：用 lvzhi.core.registry.DutyProducer 声明。",
                        id="duties.W001",
                    )
                )
            elif producer.kind in seen:
                problems.append(checks.Error(f"履职事件类别 {producer.kind} 重复注册。", id="duties.E001"))
            elif producer.describe is not None and not isinstance(producer.describe, registry.Titles):
                problems.append(
                    checks.Warning(
                        f"履职事件类别 {producer.kind} 的 describe 不是 Titles，履职档案不会显示其标题和链接。",
                        hint="用 lvzhi.core.registry.Titles(模型, 字段, present) 声明：各类来源的标题一次查询读出。",
                        id="duties.W002",
                    )
                )
            else:
                seen.add(producer.kind)
    return problems
