"""The sandbox in a real browser: headless Chromium drives ``python -m bot sandbox``.

A newcomer's first minutes, by clicks and typing only: onboarding (the time zone from a
shared location), a workout typed in one line, "next reminder" until the warm-up, Done
(the reminder is edited in place), water logged from a nudge (answered in a toast), a week later the weekly
summary with its chart, a check-in answered and a closed one's alert, another person's
empty chat, ``/export`` downloaded as JSON, and a command sent in the group chat. A screenshot of each step goes to
``test-output/sandbox/``.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.process import ROOT, bot_env, free_port

selenium = pytest.importorskip("selenium")
from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import (  # noqa: E402
    StaleElementReferenceException,
    TimeoutException,
)
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

SHOTS = ROOT / "test-output" / "sandbox"
START = "2026-11-23T08:00Z"  # a Monday, 09:00 in Berlin
CLUB_CALENDAR = b"""BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Limber tests//club//EN\r
X-WR-CALNAME:Club\r
BEGIN:VEVENT\r
UID:club-run@limber.test\r
SUMMARY:Club run\r
DTSTART;TZID=America/New_York:20261124T070000\r
DTEND;TZID=America/New_York:20261124T080000\r
RRULE:FREQ=WEEKLY;BYDAY=TU,TH\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:club-match@limber.test\r
SUMMARY:Club match\r
DTSTART;VALUE=DATE:20261212\r
END:VEVENT\r
END:VCALENDAR\r
"""
CHROMIUM = shutil.which("chromium")
DRIVER = shutil.which("chromedriver")


def _need_chromium() -> None:
    if CHROMIUM and DRIVER:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(
            "chromium and chromium-driver are missing under CI=true (.ci/run installs them)"
        )
    pytest.skip("the browser test needs Debian's chromium and chromium-driver")


@pytest.fixture
def sandbox_started(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], Path, int]]:
    """``python -m bot sandbox`` started on a free port, in an empty folder; stopped by
    Ctrl-C."""
    port = free_port()
    log = tmp_path / "sandbox.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "sandbox", "--port", str(port), "--start", START],
            cwd=tmp_path,
            env=bot_env(HOME=str(tmp_path)),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        yield process, log, port
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    assert process.returncode == 0, log.read_text()
    assert (tmp_path / "data" / "sandbox.db").exists()


@pytest.fixture
def sandbox(sandbox_started: tuple[subprocess.Popen[bytes], Path, int], browser: WebDriver) -> str:
    """The sandbox's address once it is running (Chromium starts while it starts)."""
    process, log, port = sandbox_started
    deadline = time.monotonic() + 30
    while b"sandbox is running" not in log.read_bytes():
        assert process.poll() is None, log.read_text()
        assert time.monotonic() < deadline, log.read_text()
        time.sleep(0.1)
    assert f"http://127.0.0.1:{port}/".encode() in log.read_bytes()
    return f"http://127.0.0.1:{port}/"


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[WebDriver]:
    _need_chromium()
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=900,1100",
        "--lang=en",
    ):
        options.add_argument(argument)
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    options.add_experimental_option(
        "prefs",
        {"download.default_directory": str(downloads), "download.prompt_for_download": False},
    )
    driver = webdriver.Chrome(options=options, service=Service(executable_path=str(DRIVER)))
    driver.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    try:
        yield driver
    finally:
        driver.quit()


class Page:
    """The chat page through its ``data-testid`` hooks."""

    def __init__(self, driver: WebDriver) -> None:
        self.driver = driver
        self.shots = 0
        SHOTS.mkdir(parents=True, exist_ok=True)

    def until(self, found: Callable[[], Any], what: str, timeout: float = 20) -> Any:
        def check(_: WebDriver) -> Any:
            try:
                return found()
            except StaleElementReferenceException:  # the chat was drawn again meanwhile
                return None

        try:
            return WebDriverWait(self.driver, timeout, 0.05).until(check, f"no {what}")
        except TimeoutException:
            self.shot(f"failed-{what}".replace(" ", "-").replace("'", ""))
            raise

    def bot_message(self, text: str) -> int:
        """The id of the newest bot message that holds ``text`` (waits for one)."""
        script = """
            const found = [...document.querySelectorAll('[data-testid=message][data-from=bot]')]
                .filter((m) => m.innerText.includes(arguments[0]));
            return found.length ? Number(found[found.length - 1].dataset.id) : null;"""
        message_id: int = self.until(lambda: self.driver.execute_script(script, text), text)
        return message_id

    def text_of(self, message_id: int) -> str:
        script = "const m = document.querySelector(`[data-id='${arguments[0]}']`); return m ? m.innerText : '';"
        return str(self.driver.execute_script(script, message_id))

    def press(self, label: str, message_id: int | None = None) -> None:
        """Click a button (inline on ``message_id``, or anywhere) by its label."""
        scope = f'[data-id="{message_id}"] ' if message_id is not None else ""

        def click() -> bool:
            for button in self.driver.find_elements(
                By.CSS_SELECTOR, scope + "[data-testid=button]"
            ):
                if button.text == label:
                    button.click()
                    return True
            return False

        self.until(click, f"button {label!r}")

    def type(self, text: str) -> None:
        composer = self.driver.find_element(By.CSS_SELECTOR, "[data-testid=composer]")
        composer.clear()
        composer.send_keys(text)
        self.driver.find_element(By.CSS_SELECTOR, "[data-testid=send]").click()

    def warp(self, step: str) -> None:
        before = self.clock()
        self.driver.find_element(By.CSS_SELECTOR, f'[data-testid=warp][data-warp="{step}"]').click()
        busy = "return [...document.querySelectorAll('[data-testid=warp]')].some((b) => b.disabled)"
        self.until(
            lambda: self.clock() != before and not self.driver.execute_script(busy),
            f"clock move by {step}",
            timeout=90,  # a week of the engine: seconds alone, longer beside other tests
        )

    def clock(self) -> str:
        return str(self.driver.find_element(By.CSS_SELECTOR, "[data-testid=clock]").text)

    def shown(self, testid: str) -> str:
        """The text of a toast or an alert while it is on screen ("" otherwise)."""
        element = self.driver.find_element(By.CSS_SELECTOR, f"[data-testid={testid}]")
        return str(element.text) if element.is_displayed() else ""

    def shot(self, name: str) -> None:
        self.shots += 1
        self.driver.save_screenshot(str(SHOTS / f"{self.shots:02d}-{name}.png"))


@pytest.mark.slow
def test_a_newcomer_tries_limber_in_the_browser(
    sandbox: str, browser: WebDriver, tmp_path: Path
) -> None:
    shutil.rmtree(SHOTS, ignore_errors=True)
    page = Page(browser)
    browser.get(sandbox)
    page.until(lambda: "Nov 2026" in page.clock(), "clock")
    page.shot("empty-chat")

    # Onboarding, by typing and clicking; "/" shows the commands the bot published.
    composer = browser.find_element(By.CSS_SELECTOR, "[data-testid=composer]")
    composer.send_keys("/he")
    page.until(
        lambda: browser.find_element(By.CSS_SELECTOR, "[data-testid=commands]").is_displayed(),
        "command menu",
    )
    assert "/help" in browser.find_element(By.CSS_SELECTOR, "[data-testid=commands]").text
    page.shot("command-menu")
    page.type("/start")
    notice = page.bot_message("I am not a doctor")
    page.press("I agree", notice)
    page.bot_message("Which time zone")
    keyboard = page.until(
        lambda: browser.find_element(By.CSS_SELECTOR, "[data-testid=keyboard]").text,
        "reply keyboard",
    )
    assert keyboard.startswith("📍 Share my location") and "Europe/London" in keyboard
    page.shot("time-zone-question")
    page.press("📍 Share my location")  # asks for coordinates (or the browser's location)
    browser.find_element(By.CSS_SELECTOR, "[data-testid=latitude]").send_keys("52.52")
    browser.find_element(By.CSS_SELECTOR, "[data-testid=longitude]").send_keys("13.40")
    page.shot("location")
    browser.find_element(By.CSS_SELECTOR, "[data-testid=send-location]").click()
    page.bot_message("Time zone is now Europe/Berlin")
    page.press("07:00", page.bot_message("When do you usually wake up"))
    page.press("23:00", page.bot_message("When do you usually go to sleep"))
    page.press("Female", page.bot_message("mineral amounts"))
    page.press("Skip", page.bot_message("change with age"))
    page.bot_message("Your weight")
    page.type("70")
    page.bot_message("You're all set")
    page.until(lambda: "Europe/Berlin" in page.clock(), "the clock in the person's zone")
    page.shot("onboarded")

    # A workout in one line, then time moves to the warm-up, which Done edits in place.
    page.type("/workout mon wed fri 18:30 60 run hard")
    page.bot_message("Saved.")
    page.shot("workout-saved")
    for _ in range(15):
        page.warp("next")
        if "Warm up for" in browser.find_element(By.CSS_SELECTOR, "[data-testid=chat]").text:
            break
    warm_up = page.bot_message("Warm up for")
    assert "18:20" in page.clock()
    page.shot("warm-up")
    page.press("✅ Done", warm_up)
    page.until(lambda: "edited" in page.text_of(warm_up), "the warm-up edited")
    assert "Done. Nice work!" in page.text_of(warm_up)
    page.shot("warm-up-done")
    page.press("+250 ml", page.bot_message("Water check"))
    assert "Logged 250 ml" in page.until(lambda: page.shown("toast"), "the press's answer")
    page.shot("water-logged")

    # A week later: check-ins and the weekly summary with its chart came, in order.
    page.warp("1w")
    page.bot_message("Your week: Mon 23 Nov – Sun 29 Nov")
    drawn = """const chart = document.querySelector('[data-testid=photo]');
        if (!chart || !chart.complete) return 0;
        chart.scrollIntoView();
        return chart.naturalWidth;"""
    assert page.until(lambda: browser.execute_script(drawn), "the chart drawn") > 300
    page.shot("weekly-summary")
    checkin = page.bot_message("Today's check-in")
    before = page.text_of(checkin)
    page.press("None", checkin)
    page.until(lambda: page.text_of(checkin) != before, "the check-in's next question")
    page.shot("check-in-answered")
    # Saturday's, missed, was folded when Sunday's came; two days on it is closed.
    page.press("Answer it", page.bot_message("Sat 28 Nov: missed. Answer it?"))
    assert "check-in" in page.until(lambda: page.shown("alert"), "an alert")
    page.shot("alert")
    browser.find_element(By.CSS_SELECTOR, "[data-testid=alert] button").click()

    # Another person has a chat of their own: none of Alice's messages.
    people = Select(browser.find_element(By.CSS_SELECTOR, "[data-testid=user-switch]"))
    assert [o.text for o in people.options] == ["Alice · group admin", "Bob · group admin", "Chloé"]
    people.select_by_value("1002")
    page.until(
        lambda: "Send /start" in browser.find_element(By.CSS_SELECTOR, "[data-testid=chat]").text,
        "Bob's empty chat",
    )
    assert browser.find_elements(By.CSS_SELECTOR, "[data-testid=message]") == []
    page.shot("another-person")
    # Bob's Telegram app speaks Spanish: Limber takes it at /start, onboarding included.
    Select(browser.find_element(By.CSS_SELECTOR, "[data-testid=language-switch]")).select_by_value(
        "es"
    )
    page.type("/start")
    page.press("Acepto", page.bot_message("Antes de empezar"))
    page.bot_message("¿En qué zona horaria estás?")
    page.type("Madrid")
    page.press("07:00", page.bot_message("¿A qué hora sueles despertarte?"))
    page.press("23:00", page.bot_message("¿A qué hora sueles acostarte?"))
    page.press("Mujer", page.bot_message("minerales"))
    page.press("Omitir", page.bot_message("cambian con la edad"))
    page.bot_message("Tu peso")
    page.type("70")
    page.bot_message("Todo listo")
    page.shot("onboarded-in-spanish")
    people.select_by_value("1001")

    # /export: a JSON file, downloaded.
    page.type("/export")
    export = page.bot_message("Everything I hold about you")
    browser.find_element(By.CSS_SELECTOR, f'[data-id="{export}"] [data-testid=document]').click()
    downloads = tmp_path / "downloads"
    saved = page.until(lambda: list(downloads.glob("*.json")), "the downloaded export")
    page.shot("export")
    data = json.loads(saved[0].read_text())
    assert data and "workouts" in json.dumps(data)

    # A calendar attached as a file: a preview first, and after the confirm, the workouts
    # with their reminders, in Berlin time (07:00 in New York is 13:00 there).
    club = tmp_path / "club.ics"
    club.write_bytes(CLUB_CALENDAR)
    browser.find_element(By.CSS_SELECTOR, "[data-testid=attach]").send_keys(str(club))
    preview = page.bot_message("Import from Club")
    assert "1 to add" in page.text_of(preview) and "Club match" in page.text_of(preview)
    page.shot("calendar-preview")
    page.press("✅ Import", preview)
    page.until(lambda: "I'll remind you to" in page.text_of(preview), "the import saved")
    assert "13:00" in page.text_of(preview)
    page.shot("calendar-imported")

    # The group chat: the chat switcher moves to it, Bob speaks there, and what is said in
    # the group stays in the group.
    chats = Select(browser.find_element(By.CSS_SELECTOR, "[data-testid=chat-switch]"))
    options = browser.find_elements(By.CSS_SELECTOR, "[data-testid=chat-option]")
    kinds = [o.get_attribute("data-kind") for o in options]
    assert kinds == ["group", "private", "private", "private"]
    chats.select_by_index(0)
    chat = browser.find_element(By.CSS_SELECTOR, "[data-testid=chat]")
    page.until(lambda: "Alice added Limber" in chat.text, "the group chat")
    people.select_by_value("1002")  # in the group, the person switcher picks who speaks
    assert chats.first_selected_option.get_attribute("data-kind") == "group"
    page.type("/help")
    mine = "[data-testid=message][data-from=user]"
    page.until(
        lambda: any(
            m.text.startswith("/help") for m in browser.find_elements(By.CSS_SELECTOR, mine)
        ),
        "Bob's command in the group",
    )
    page.bot_message("Limber in this group")
    page.shot("group-command")
    # A team session set by Bob (an admin), and his personal reminders for it: the group's
    # deep link opens his private chat and starts it, in his language.
    page.type("/team add mon wed fri 18:30 60 run")
    page.bot_message("Team session added")
    page.type("/team")
    page.press("🔔 Personal reminders", page.bot_message("Team sessions"))
    page.until(lambda: "Ahora sigues las sesiones del equipo" in chat.text, "Bob's team link")
    assert chats.first_selected_option.get_attribute("data-kind") == "private"
    page.shot("team-linked")
    chats.select_by_value("1002")  # Bob's private chat: the group's messages are not there
    page.until(lambda: "Antes de empezar" in chat.text, "Bob's private chat")
    said = [m.text.split("\n")[0] for m in browser.find_elements(By.CSS_SELECTOR, mine)]
    assert "/help" not in said and "70" in said
