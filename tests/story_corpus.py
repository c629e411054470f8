"""A small fictional developing story, generated deterministically, for crash / load / engine tests.

    paths = write_story_corpus(tmp_path / "corpus", count=24, seed=7)

Articles are plain text files in the seed format (` date YYYY-MM-DD ` header, headline, paragraphs) from several
fictional outlets over three weeks; they mention people, places, numbers, quotes and relative dates, so every
stage has something to do. Nothing here comes from ../shared.
"""
from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

OUTLETS = ("Harborville Courier", "Tessel Weekly", "Island Notes", "Coastal Wire")
PEOPLE = (("Ines Varga", "director of operations at the transit authority"),
          ("Tomas Lind", "mayor of Harborville"),
          ("Rosa Oda", "spokeswoman for the ferry workers' union"),
          ("Karl Mendes", "chief inspector of the maritime safety board"))
PLACES = ("Harborville", "Tessel", "the Northern Pier", "Port Alder")
EVENTS = (
    "the ferry service between {p1} and {p2} was suspended after inspectors found corrosion on {n} vessels",
    "the transit authority ordered {n} replacement buses to run between {p1} and {p2}",
    "commuters protested outside the town hall in {p1}, and police said about {n}00 people took part",
    "the maritime safety board opened an inquiry into the inspection records of the {p1} shipyard",
    "repair crews in {p1} began welding new hull plates on the first of the {n} damaged ferries",
    "the council of {p1} voted {n} to 2 to fund an emergency water taxi to {p2}",
    "a second inspection in {p2} found cracks in the loading ramp, delaying repairs by {n} days",
)
RELATIVE = ("on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "last week", "yesterday",
            "earlier this month", "on {month} {day}")


def article_text(rng: random.Random, index: int, day: dt.date) -> str:
    outlet = OUTLETS[index % len(OUTLETS)]
    person, role = PEOPLE[rng.randrange(len(PEOPLE))]
    p1, p2 = rng.sample(PLACES, 2)
    paragraphs = []
    headline = f"{p1} ferry crisis: update {index + 1}"
    first = EVENTS[rng.randrange(len(EVENTS))].format(p1=p1, p2=p2, n=rng.randint(2, 9))
    when = RELATIVE[rng.randrange(len(RELATIVE))].format(month=day.strftime("%B"), day=max(1, day.day - 2))
    paragraphs.append(f"{p1.upper().replace('THE ', '')} ({outlet}) — Officials said {when} that {first}.")
    for _ in range(rng.randint(2, 4)):
        event = EVENTS[rng.randrange(len(EVENTS))].format(p1=rng.choice(PLACES), p2=rng.choice(PLACES),
                                                          n=rng.randint(2, 9))
        when = RELATIVE[rng.randrange(len(RELATIVE))].format(month=day.strftime("%B"), day=max(1, day.day - 1))
        paragraphs.append(f"{when[0].upper() + when[1:]}, {event}.")
    paragraphs.append(f"\"We will not put passengers at risk,\" said {person}, the {role}. "
                      f"About {rng.randint(2, 6)},{rng.randint(100, 999)} commuters use the route every day.")
    return f" date {day.isoformat()} {headline}\n\n" + "\n\n".join(paragraphs) + "\n"


def write_story_corpus(directory: Path | str, *, count: int = 24, seed: int = 7,
                       start: dt.date = dt.date(2025, 2, 3)) -> list[Path]:
    """Write `count` articles into `directory` (created); returns their paths in name order."""
    root = Path(directory)
    root.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for index in range(count):
        day = start + dt.timedelta(days=(index * 21) // max(1, count))
        path = root / f"{index:03d}_{OUTLETS[index % len(OUTLETS)].split()[0].lower()}.txt"
        path.write_text(article_text(rng, index, day), encoding="utf-8")
        paths.append(path)
    return paths
