"""Texts of the synthetic benchmark Vorlagen: Betreffe and sections drawn from pre-filled sentence pools."""
from __future__ import annotations

import random

from ..models import PaperType
from . import synthetic_words as w

#: Sentences per pool; each Vorlage draws from them (filling templates per sentence would dominate the run time).
POOL_SIZE = 3000


def _fill(rng: random.Random, template: str) -> str:
    """One sentence; the year stays a marker that :func:`texts` replaces with the Vorlage's year."""
    adjective = rng.choice(w.ADJECTIVES)
    return template.format(
        noun=rng.choice(w.NOUNS), noun2=rng.choice(w.NOUNS), adj=adjective, adj_en=adjective + "n",
        place=rng.choice(w.PLACES), place2=rng.choice(w.PLACES), year=w.YEAR_MARK,
        num=rng.randint(3, 480), pct=rng.randint(2, 60), amount=f"{rng.randint(2, 950) * 1000:,}".replace(",", "."),
        product=f"{rng.randint(11, 57)}.{rng.randint(1, 9)}.{rng.randint(10, 99)}", speaker="{speaker}",
    )


def sentence_pools(rng: random.Random) -> dict[str, list[str]]:
    """Pre-filled sentences per section."""
    templates = {"reasoning": w.REASONING, "resolution": w.RESOLUTION, "finance": w.FINANCE, "minutes": w.MINUTES}
    return {key: [_fill(rng, rng.choice(ts)) for _ in range(POOL_SIZE)] for key, ts in templates.items()}


def title(rng: random.Random, paper_type: PaperType, year: int) -> str:
    """A Betreff: an action with an object it fits, worded for the paper type."""
    actions, objects = rng.choice(w.SUBJECTS)
    subject = rng.choice(objects).format(
        place=rng.choice(w.PLACES), place2=rng.choice(w.PLACES), year=year, number=rng.randint(1, 99),
        school=rng.choice(w.SCHOOLS),
    )
    action = rng.choice(actions)
    if paper_type is PaperType.INQUIRY:
        return f"Anfrage der {rng.choice(w.FACTIONS)} zur {action} {subject}"
    if paper_type is PaperType.MOTION:
        return f"Antrag der {rng.choice(w.FACTIONS)}: {action} {subject}"
    if paper_type in (PaperType.COMMUNICATION, PaperType.REPORT):
        return f"Bericht zur {action} {subject}"
    return f"{action} {subject}"


def texts(
    rng: random.Random, pools: dict[str, list[str]], name: str, paper_type: PaperType, committee: str, year: int
) -> tuple[str, str, str]:
    """Beschlussvorschlag, Sachverhalt and Finanzierung, each about 80–300 words."""
    reasoning = pools["reasoning"]
    if paper_type is PaperType.RESOLUTION or paper_type is PaperType.MOTION:
        points = rng.choices(pools["resolution"], k=rng.randint(5, 8))
        verb = "möge beschließen" if paper_type is PaperType.MOTION else "beschließt"
        head = f"Der {committee} {verb}:\n\n" + "\n".join(f"{i}. {s}" for i, s in enumerate(points, 1))
    else:
        head = f"Der {committee} nimmt den Bericht der Verwaltung zur Kenntnis.\n\n" + " ".join(
            rng.choices(reasoning, k=rng.randint(4, 6))
        )
    proposal = f"{head}\n\n{' '.join(rng.choices(reasoning, k=rng.randint(3, 6)))}"
    body = (
        f"## I. Ausgangssituation\n\nDie Vorlage betrifft: {name}. "
        f"{' '.join(rng.choices(reasoning, k=rng.randint(5, 9)))}"
        f"\n\n## II. Sachstand\n\n{' '.join(rng.choices(reasoning, k=rng.randint(5, 9)))}"
        f"\n\n## III. Bewertung\n\n{' '.join(rng.choices(reasoning, k=rng.randint(4, 8)))}"
    )
    finance = " ".join(rng.choices(pools["finance"], k=rng.randint(9, 16)))
    mark, value = w.YEAR_MARK, str(year)
    return proposal.replace(mark, value), body.replace(mark, value), finance.replace(mark, value)
