"""src/kam/_kam.pyi declares every function of the compiled module, and nothing it lacks."""

import ast
from pathlib import Path

from kam import _kam


def test_stubs_match_the_compiled_module():
    stub = ast.parse((Path(__file__).resolve().parents[1] / "src" / "kam" / "_kam.pyi").read_text())
    declared = {node.name for node in stub.body if isinstance(node, ast.FunctionDef)}
    compiled = {name for name in dir(_kam) if not name.startswith("_")
                and callable(getattr(_kam, name)) and not isinstance(getattr(_kam, name), type)}
    assert declared == compiled, (sorted(compiled - declared), sorted(declared - compiled))
