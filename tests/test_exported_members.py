"""The public surface: everything in ``presslens.__all__`` exists and is documented.

(ruff's RUF022 keeps ``__all__`` sorted.)
"""

import presslens


def test_all_names_exist_once() -> None:
    assert len(set(presslens.__all__)) == len(presslens.__all__)
    for name in presslens.__all__:
        assert hasattr(presslens, name), name


def test_public_callables_have_docstrings() -> None:
    for name in presslens.__all__:
        member = getattr(presslens, name)
        if callable(member):
            assert member.__doc__, f"presslens.{name} has no docstring"
