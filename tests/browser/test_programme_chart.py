"""A viewer opens a programme's overview: the chart of the districts' progress draws
(Chart.js, from the page's JSON) with no console error and no CSP violation."""

from households.models import Stage, Target
from povertyprog.accounts.roles import Role
from tests.factories import UserFactory
from tests.households.targeting_world import MAE_RIM, MUEANG, VILLAGES, programme, record, targeted

from .conftest import log_in, screenshot

PASSWORD = "viewer-pass-1"


def test_the_overview_chart_draws(page, live_server, areas):
    staff = UserFactory(username="staff50", role=Role.PROVINCE_STAFF, area_scope="50")
    UserFactory(username="viewer50", role=Role.VIEWER, area_scope="50", password=PASSWORD)
    for n, village in enumerate((VILLAGES[MAE_RIM][0], VILLAGES[MAE_RIM][1], VILLAGES[MUEANG][0])):
        record(village, 1000 + n)
    p = programme(by=staff, target=3)
    targeted(p, by=staff)
    Target.objects.filter(pk=p.targets.order_by("pk").first().pk).update(stage=Stage.PLAN_AGREED)

    log_in(page, live_server, "viewer50", PASSWORD)
    page.goto(f"{live_server.url}{p.get_absolute_url()}")
    page.wait_for_function(
        "() => window.Chart && Chart.getChart(document.getElementById('progress-chart'))"
    )
    datasets = page.evaluate(
        "() => Chart.getChart(document.getElementById('progress-chart'))"
        ".data.datasets.map(d => d.data.reduce((a, b) => a + b, 0))"
    )
    assert len(datasets) == 6
    assert sum(datasets) == 3  # every case once
    assert page.locator("#district-progress tbody tr[data-district]").count() == 2
    screenshot(page, "programme-overview")
