"""The map's classes and legend: 0, "no data" and hidden small groups told apart; shapes, tiles or no map."""

import pytest
from django.utils import timezone
from django.utils.translation import override

from dashboards import maps
from dashboards.panels import HIDDEN, NO_DATA, Dashboard, Measure, Period
from places.models import Place
from tests.factories import reference_data


def test_equal_intervals_between_the_smallest_and_largest_positive_value():
    classes = maps.classes_of([0, 1, 10, 5, NO_DATA, HIDDEN])
    assert (classes.low, classes.high) == (1, 10)
    assert [classes.index(v) for v in (1, 2, 3, 5, 7, 9, 10)] == [0, 0, 1, 2, 3, 4, 4]
    # Whole counts: each class holds the whole numbers of its interval, in order, with no gap and no overlap.
    assert [text for _, text in classes.ranges()] == ["1–2", "3–4", "5–6", "7–8", "9–10"]


def test_classes_that_cannot_hold_a_whole_count_are_left_out_of_the_legend():
    classes = maps.classes_of([1, 3])
    assert classes.ranges() == [(0, "1"), (2, "2"), (4, "3")]
    assert [classes.index(v) for v in (1, 2, 3)] == [0, 2, 4]


def test_one_value_everywhere_is_one_class_the_darkest():
    classes = maps.classes_of([4, 4, 0])
    assert classes.ranges() == [(4, "4")]
    assert maps.colour(4, classes) == ("map-c5", maps.PALETTE[4])


def test_percent_ranges_carry_the_unit():
    classes = maps.classes_of([10.0, 60.0], "percent")
    assert [text for _, text in classes.ranges()] == ["10%–20%", "20%–30%", "30%–40%", "40%–50%", "50%–60%"]


def test_zero_no_data_and_hidden_each_have_their_own_colour():
    classes = maps.classes_of([0, 3, 8])
    zero, nodata, hidden, low, high = (maps.colour(v, classes) for v in (0, NO_DATA, HIDDEN, 3, 8))
    assert zero == ("map-zero", maps.ZERO_FILL)
    assert nodata == ("map-nodata", "url(#map-hatch)")  # grey with hatching
    assert hidden == ("map-hidden", maps.HIDDEN_FILL)
    assert (low[0], high[0]) == ("map-c1", "map-c5")
    assert len({zero[1], nodata[1], hidden[1], low[1], high[1]}) == 5
    # With nothing above 0 every number is the zero colour.
    assert maps.colour(0, maps.classes_of([0, 0])) == ("map-zero", maps.ZERO_FILL)


def test_display_tells_zero_hidden_and_no_data_apart():
    with override("en"):
        assert maps.display(0) == "0"
        assert maps.display(HIDDEN, hidden_below=5) == "< 5"
        assert maps.display(NO_DATA) == "no data"
        assert maps.display(42.0, "percent") == "42%"
        assert maps.display(12) == "12"
    with override("ar"):
        assert maps.display(NO_DATA) == "لا بيانات"
        assert maps.display(HIDDEN, hidden_below=5) == "أقل من 5"  # words: a "<" would be mirrored


def test_legend_lists_classes_then_zero_hidden_and_no_data():
    with override("en"):
        items = maps.legend([0, 1, 10, NO_DATA, HIDDEN], hidden_below=5)
    assert [i.key for i in items] == ["c1", "c2", "c3", "c4", "c5", "zero", "hidden", "no_data"]
    assert [i.text for i in items[-3:]] == ["0", "< 5", "no data"]
    # Without hidden groups (a coordinator's dashboard) there is no "< k" entry; "no data" is always there.
    with override("en"):
        plain = maps.legend([0, 2])
    assert [i.key for i in plain] == ["c5", "zero", "no_data"]


def _dashboard(areas, values, *, hidden_below=None, unit="count"):
    return Dashboard(audience="public" if hidden_below else "national", as_of=timezone.now(),
                     period=Period("all", "All periods"), areas=areas,
                     measures={"plans": Measure("plans", "Approved plans", values, unit=unit)},
                     hidden_below=hidden_below)


@pytest.mark.django_db
def test_a_national_map_without_boundaries_is_the_tile_grid_of_the_19_governorates():
    reference_data()
    governorates = list(Place.objects.filter(kind="governorate"))
    assert len(governorates) == 19
    values = {g.code: i for i, g in enumerate(governorates)}  # one 0, the rest 1…18
    values[governorates[1].code] = HIDDEN
    del values[governorates[2].code]  # nothing recorded there
    with override("en"):
        view = maps.map_for(_dashboard(governorates, values, hidden_below=5), "plans")
    assert view.kind == "tiles"
    assert len(view.areas) == 19
    by_code = {a.code: a for a in view.areas}
    assert by_code[governorates[0].code].css_class == "map-zero"
    assert by_code[governorates[1].code].text == "< 5"
    assert by_code[governorates[2].code].css_class == "map-nodata"
    assert by_code[governorates[2].code].text == "no data"
    assert by_code[governorates[18].code].css_class == "map-c5"
    assert by_code["IQ-BG"].url == "/en/dashboards/public/IQ-BG/"
    assert all(0 < a.label_x < 100 and 0 < a.label_y < 100 for a in view.areas)


@pytest.mark.django_db
def test_loaded_boundaries_give_shapes_and_districts_without_boundaries_give_no_map():
    from core.actors import system
    from places.geometry import SHIPPED
    from places.services import load_boundaries

    reference_data()
    load_boundaries(actor=system("tests"), data=SHIPPED.read_text(encoding="utf-8"), source="shipped")
    governorates = list(Place.objects.filter(kind="governorate"))
    view = maps.map_for(_dashboard(governorates, {"IQ-BG": 3}), "plans")
    assert view.kind == "shapes"
    assert view.view_box and all(a.path.startswith("M") for a in view.areas)
    assert view.credit == "shipped"  # the source the installation gave
    from places.models import Boundary
    from places.services import load_shipped_boundaries

    Boundary.objects.all().delete()
    assert load_shipped_boundaries(actor=system("tests")) == 19  # the shipped file names Who's On First, whose credit shows
    assert maps.map_for(_dashboard(governorates, {"IQ-BG": 3}), "plans").credit == (
        "Data from Who's On First (whosonfirst.org)")
    baghdad = Place.objects.get(code="IQ-BG")
    districts = list(baghdad.children.all())
    assert districts
    with override("en"):
        none = maps.map_for(_dashboard(districts, {}), "plans")
    assert none.kind == "none"
    assert none.command == "wiqaya load_boundaries FILE" and "load district boundaries" in none.message


@pytest.mark.django_db
def test_a_district_has_no_areas_to_map():
    view = maps.map_for(_dashboard([], {}), "plans")
    assert view.kind == "none" and view.areas == []


def test_unknown_measure_falls_back_to_the_first():
    dashboard = _dashboard([], {})
    assert maps.map_for(dashboard, "nonsense").measure.key == "plans"
