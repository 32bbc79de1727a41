"""Chinese numerals, as terms, sessions and summaries write them."""

DIGITS = "零一二三四五六七八九"


def chinese(n: int) -> str:
    """A whole number below 10^8 in Chinese numerals: 22 → 二十二, 105 → 一百零五, 12000 → 一万二千."""
    if n < 0:
        return "负" + chinese(-n)
    if n >= 10_000:
        high, low = divmod(n, 10_000)
        text = chinese(high) + "万"
        if low:
            text += ("零" if low < 1000 else "") + chinese(low)
        return text
    if n < 10:
        return DIGITS[n]
    parts, zero = [], False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // value % 10
        if digit:
            if zero:
                parts.append("零")
                zero = False
            parts.append(("" if (unit == "十" and digit == 1 and n < 20) else DIGITS[digit]) + unit)
        elif parts:
            zero = True
    return "".join(parts)
