"""The check-in desk on the fair day: a desk account on a phone checks households in by
typed code and by search; offline check-ins wait in the queue and are each sent once when
the network returns; a QR code held up to the camera checks its invitation in."""

import io
from pathlib import Path

import pytest
import segno
from PIL import Image

from events.codes import code_display
from events.models import CheckIn, CheckInAttempt
from povertyprog.accounts.roles import Role
from tests.events.factories_checkin import fair_world
from tests.factories import UserFactory
from tests.households.targeting_world import MAE_RIM

from .conftest import CHROMIUM, fits_the_screen, log_in, screenshot

PASSWORD = "desk-pass-1"


@pytest.fixture
def world(live_server, areas):
    staff = UserFactory(username="staff50", role=Role.PROVINCE_STAFF, area_scope="50")
    UserFactory(username="desk50", role=Role.FAIR_DESK, area_scope="50", password=PASSWORD)
    return fair_world(by=staff)


def _desk_url(live_server, world):
    desk = world.desks[MAE_RIM]
    return f"{live_server.url}/fairs/{world.fair.pk}/desk/?desk={desk.pk}"


def _mae_rim(world):
    return [i for i in world.invitations if i.district_id == MAE_RIM]


def test_desk_staff_check_in_by_code_and_by_search_on_a_phone(phone_page, live_server, world):
    page = phone_page
    log_in(page, live_server, "desk50", PASSWORD)
    page.goto(_desk_url(live_server, world))
    assert fits_the_screen(page)
    first, second = _mae_rim(world)[:2]

    # Typed as people type: lower case, with the dash.
    page.fill("#code-input", code_display(first.code).lower())
    page.click("#code-submit")
    answer = page.locator("#desk-answer .desk-answer")
    answer.wait_for()
    assert answer.get_attribute("data-result") == "checked_in"
    assert first.target.survey.head_first_name in answer.inner_text()
    page.wait_for_selector("#desk-counter[data-count='1']")

    # The same code again: refused, with when and where the first was.
    page.fill("#code-input", first.code)
    page.click("#code-submit")
    page.wait_for_selector("#desk-answer .desk-answer[data-result='already_checked_in']")
    assert world.desks[MAE_RIM].name in page.locator("#desk-answer").inner_text()
    page.fill("#code-input", "ABCDE")
    page.click("#code-submit")
    page.wait_for_selector("#desk-answer .desk-answer[data-result='unknown_code']")

    # By search: the head's name, then one tap.
    page.fill("#search-input", second.target.survey.head_first_name)
    page.click("#search-submit")
    row = page.locator(f"#desk-results [data-case='{second.target_id}']")
    row.wait_for()
    assert fits_the_screen(page)
    row.locator(".desk-tap").click()
    page.wait_for_selector("#desk-answer .desk-answer[data-result='checked_in']")
    assert second.target.survey.head_first_name in page.locator("#desk-answer").inner_text()
    screenshot(page, "desk-phone")
    assert set(CheckIn.objects.values_list("invitation_id", flat=True)) == {first.pk, second.pk}


def test_offline_check_ins_wait_and_are_sent_once(phone_page, live_server, world):
    page = phone_page
    log_in(page, live_server, "desk50", PASSWORD)
    page.goto(_desk_url(live_server, world))
    first, second = _mae_rim(world)[:2]

    page.context.set_offline(True)
    for invitation in (first, second):
        page.fill("#code-input", invitation.code)
        page.click("#code-submit")
    page.wait_for_selector("#desk-log [data-state='waiting'] >> nth=1")
    status = page.locator("#queue-status")
    status.wait_for()
    assert "2" in status.inner_text()
    assert not CheckIn.objects.exists()

    page.context.set_offline(False)
    page.wait_for_selector("#desk-log [data-state='checked_in'] >> nth=1")
    assert page.locator("#desk-log [data-state='checked_in']").count() == 2
    assert page.locator("#queue-status").is_hidden()
    for invitation in (first, second):
        row = page.locator("#desk-log li", has_text=code_display(invitation.code))  # as printed
        assert invitation.target.survey.head_first_name in row.inner_text()
    # A further retry sends nothing again: the queue is empty.
    page.wait_for_timeout(500)
    assert CheckIn.objects.count() == 2
    assert CheckInAttempt.objects.count() == 2


def _y4m(png: bytes, path: Path, frames: int = 10) -> None:
    """A short 640×480 video (YUV 4:2:0) of the picture, centred on white."""
    qr = Image.open(io.BytesIO(png)).convert("L")
    canvas = Image.new("L", (640, 480), 255)
    side = 400
    canvas.paste(qr.resize((side, side), Image.NEAREST), ((640 - side) // 2, (480 - side) // 2))
    y_plane = canvas.tobytes()
    chroma = bytes([128]) * (320 * 240)
    with path.open("wb") as out:
        out.write(b"YUV4MPEG2 W640 H480 F10:1 Ip A1:1 C420jpeg\n")
        for _ in range(frames):
            out.write(b"FRAME\n" + y_plane + chroma + chroma)


def test_a_qr_code_held_up_to_the_camera_checks_in(
    browser, live_server, world, tmp_path, browser_errors
):
    invitation = _mae_rim(world)[0]
    png = io.BytesIO()
    segno.make(f"{live_server.url}/fairs/r/{invitation.code}/", error="m").save(
        png, kind="png", scale=10, border=4
    )
    video = tmp_path / "qr.y4m"
    _y4m(png.getvalue(), video)

    # A browser of its own: the fake camera is chosen when Chromium starts.
    camera_browser = browser.browser_type.launch(
        executable_path=CHROMIUM,
        args=[
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
    try:
        context = camera_browser.new_context(locale="th-TH")
        browser_errors.watch(context)
        context.grant_permissions(["camera"], origin=live_server.url)
        page = context.new_page()
        page.set_default_timeout(15_000)
        log_in(page, live_server, "desk50", PASSWORD)
        page.goto(_desk_url(live_server, world))
        page.click("#camera-start")
        page.wait_for_selector("#desk-answer .desk-answer[data-result='checked_in']")
        assert invitation.target.survey.head_first_name in page.locator("#desk-answer").inner_text()
        page.click("#camera-stop")
    finally:
        camera_browser.close()
    check_in = CheckIn.objects.get()
    assert check_in.invitation == invitation
    assert check_in.scanned_at is not None
