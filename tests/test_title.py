from __future__ import annotations

import pytest

from pipeline.records import Mention
from pipeline.title import find_title

EXAMPLES = [
    ("plain first line", "Un nouveau pont pour la vallée\n\nCorps du texte.", None, "Un nouveau pont pour la vallée"),
    ("markdown heading", "# CP - La ville inaugure sa médiathèque\nTexte.", None, "CP - La ville inaugure sa médiathèque"),
    ("boilerplate first", "\n\nCOMMUNIQUÉ DE PRESSE\n\nLe musée rouvre ses portes\n", None, "Le musée rouvre ses portes"),
    ("header date", " date 2024-02 Budget : la commune vote ses comptes", None, "Budget : la commune vote ses comptes"),
    ("bold markup", "**Une aide pour les artisans du bourg**\n", None, "Une aide pour les artisans du bourg"),
    ("too short everywhere", "Presse\n\nOK\n", None, None),
]


@pytest.mark.parametrize(("text", "skip", "title"), [e[1:] for e in EXAMPLES], ids=[e[0] for e in EXAMPLES])
def test_title(text: str, skip: Mention | None, title: str | None) -> None:
    assert find_title(text, skip) == title


def test_dateline_is_never_the_title() -> None:
    text = "Nantes, le 3 juin 2024\n\nLe port accueille un nouveau quai"
    assert find_title(text, Mention(text="3 juin 2024", start=11, end=22)) == "Le port accueille un nouveau quai"
