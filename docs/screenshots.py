"""Screenshots of the web UI for the README: ``unspin serve`` over the demo store, in headless
Chromium (the same set-up as ``tests/test_browser.py``).

    make demo && .venv/bin/python docs/screenshots.py [--db out/demo.db] [--out docs]
"""

from __future__ import annotations

import argparse
import shutil
import socket
import threading
import time
from pathlib import Path

import uvicorn
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

from unspin.web import Settings, create_app


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", default="out/demo.db")
    p.add_argument("--out", default="docs")
    args = p.parse_args()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(create_app(Settings(args.db)), port=port, log_level="warning")
    )
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or ""
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,900",
                "--hide-scrollbars"):  # fmt: skip
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    out = Path(args.out)
    try:
        driver.get(base + "/")
        driver.save_screenshot(str(out / "serve-stories.png"))
        driver.find_element(By.CSS_SELECTOR, "tr.story-row a").click()
        driver.save_screenshot(str(out / "serve-story.png"))
        links = driver.find_elements(By.CSS_SELECTOR, "a.pair-link")
        links[-1].click()
        driver.save_screenshot(str(out / "serve-pair.png"))
    finally:
        driver.quit()
        server.should_exit = True
    print(f"wrote {out}/serve-stories.png, serve-story.png, serve-pair.png")


if __name__ == "__main__":
    main()
