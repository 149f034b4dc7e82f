"""Guards on the project's imports: apps depend one way (site shell → training → curriculum →
cadres) and no two modules import each other, directly or through a chain."""

from pathlib import Path

from tests.import_graph import against_the_layers, circles, import_graph, module_files

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = {
    "cadre_site": Path("site/cadre_site"),
    "training": Path("training"),
    "curriculum": Path("curriculum"),
    "cadres": Path("cadres"),
}
LAYERS = ["cadre_site", "training", "curriculum", "cadres"]


def project_graph():
    return import_graph(module_files(ROOT, PACKAGES))


def test_apps_depend_one_way():
    assert against_the_layers(project_graph(), LAYERS) == []


def test_no_modules_import_each_other():
    assert circles(project_graph()) == []


# --- The checker itself, on made-up modules ---


def _write(root: Path, files: dict[str, str]) -> dict[str, set[str]]:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return import_graph(module_files(root, {"low": Path("low"), "high": Path("high")}))


def test_the_checker_finds_a_circle_hidden_in_a_function(tmp_path):
    graph = _write(
        tmp_path,
        {
            "low/__init__.py": "",
            "low/a.py": "from low import b\n",
            "low/b.py": "def f():\n    from low.c import g\n",
            "low/c.py": "from .a import x\n",
            "low/d.py": "import low.a\n",
        },
    )
    assert graph["low.b"] == {"low.c"}
    assert circles(graph) == [["low.a", "low.b", "low.c"]]


def test_the_checker_finds_an_upward_import_and_accepts_downward_ones(tmp_path):
    graph = _write(
        tmp_path,
        {
            "low/__init__.py": "",
            "low/models.py": "from high.views import page\n",
            "high/__init__.py": "",
            "high/views.py": "from low import models\n",
        },
    )
    assert against_the_layers(graph, ["high", "low"]) == [("low.models", "high.views")]
    assert circles(graph) == [["high.views", "low.models"]]
