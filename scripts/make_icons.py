"""Draw the installable app's icons (lvzhi/static/lvzhi/icons/*.png) with the local Chromium: the
character 履 in white on the platform's red. Run once after changing the design; the PNGs are
committed. `.venv/bin/python scripts/make_icons.py`"""

from pathlib import Path

from playwright.sync_api import sync_playwright

OUT = Path(__file__).resolve().parent.parent / "lvzhi" / "static" / "lvzhi" / "icons"
RED = "#a61b1b"
FONT = "'WenQuanYi Micro Hei', 'Noto Sans CJK SC', sans-serif"
# name, size in pixels, share of the side the character takes, rounded corners
ICONS = [
    ("icon-192.png", 192, 0.62, 0.18),
    ("icon-512.png", 512, 0.62, 0.18),
    ("maskable-512.png", 512, 0.46, 0.0),  # inside the maskable safe zone (the middle 80 % circle)
    ("apple-touch-icon.png", 180, 0.58, 0.0),  # iOS rounds the corners itself
]


def page_for(size: int, share: float, radius: float) -> str:
    return f"""<!doctype html><html><body style="margin:0;background:transparent">
<div style="width:{size}px;height:{size}px;background:{RED};border-radius:{radius * size}px;display:flex;
align-items:center;justify-content:center;color:#fff;font:700 {share * size}px/1 {FONT}">履</div></body></html>"""


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        for name, size, share, radius in ICONS:
            page = browser.new_page(viewport={"width": size, "height": size})
            page.set_content(page_for(size, share, radius))
            page.screenshot(path=str(OUT / name), omit_background=True)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
