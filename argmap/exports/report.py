"""The analysis report in four formats: plain text, JSON, Markdown (prose with tables) and CSV.

Each renderer takes an :class:`argmap.analysis.Report` and returns a string;
:data:`RENDERERS` maps format names to them.
"""
from __future__ import annotations

import csv
import html
import io
import json
from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from argmap.io import spreadsheet_cell

if TYPE_CHECKING:
    from argmap.analysis import ClaimStats, Report, SpeakerStats

FORMATS = ("text", "json", "md", "csv")
TABLES = ("claims", "speakers")
LABEL_WORDS = {"IN": "stands", "OUT": "falls", "UNDEC": "undecided"}


def _most(counter: Counter, n: int = 3) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def contested(report: Report, top: int) -> list[ClaimStats]:
    """The ``top`` claims the debate turns on: most contested first, then most central.

    Contested: :attr:`ClaimStats.controversy` (pairs of speakers on opposite sides of the claim);
    central: its betweenness in the argument graph; ties broken by IRI.

    >>> from argmap import analyze, load
    >>> report = analyze(load("tests/fixtures/mini.yaml"))
    >>> [(c.iri.rsplit("/", 1)[1], c.controversy, round(c.betweenness, 3)) for c in contested(report, 2)]
    [('ana-footfall', 2, 0.667), ('residents-quiet', 2, 0.5)]
    """
    return sorted(report.claims, key=lambda c: (-c.controversy, -c.betweenness, c.iri))[:top]


def label_counts(report: Report, semantics: str) -> Counter:
    """How many claims are IN, OUT and UNDEC under ``semantics``.

    >>> from argmap import analyze, load
    >>> report = analyze(load("tests/fixtures/mini.yaml"))
    >>> sorted(label_counts(report, "grounded").items())
    [('IN', 3), ('OUT', 2)]
    """
    return Counter(c.labels[semantics] for c in report.claims)


def _labels_sentence(report: Report) -> str:
    parts = []
    for s in report.semantics:
        n = label_counts(report, s)
        parts.append(f"{s}: {n['IN']} IN, {n['OUT']} OUT, {n['UNDEC']} UNDEC")
    return "; ".join(parts)


# --------------------------------------------------------------------------- text


def render_text(report: Report, top: int = 10) -> str:
    """Aligned plain text: speakers ranked with their camp and standing, camps, then the ``top``
    claims by PageRank with their labels and the ``top`` most contested claims.

    >>> from argmap import analyze, load
    >>> report = analyze(load("tests/fixtures/mini.yaml"))
    >>> for line in render_text(report, top=1).splitlines()[2:4]:
    ...     print(line)
    speaker                      camp claims   IN  supports  attacks  attacked  attacks most
    Ben Okafor                      2      2    1         0        2         1  Ana Ruiz (2), Some residents (1)
    """
    lines = ["Speakers", "--------"]
    lines.append(f"{'speaker':<28} {'camp':>4} {'claims':>6} {'IN':>4} {'supports':>9} {'attacks':>8} {'attacked':>9}  attacks most")
    for s in report.speakers:
        most = ", ".join(f"{name} ({n})" for name, n in _most(s.attacks_on))
        camp = "-" if s.camp is None else str(s.camp)
        lines.append(
            f"{s.name[:28]:<28} {camp:>4} {s.claims:>6} {s.claims_in:>4} {s.supports_made:>9} {s.attacks_made:>8} {s.attacks_received:>9}  {most}"
        )
    lines += ["", "Camps", "-----"]
    for n, members in enumerate(report.camps, start=1):
        lines.append(f"{n:>4}  {', '.join(members)}")
    lines.append(f"      balance {report.balance:.2f} ({report.frustration} of {report.ties} signed ties go against the camps)")
    lines += ["", f"Labels ({_labels_sentence(report)})"]
    shown = min(top, len(report.claims))
    lines += ["", f"Claims the debate turns on (top {shown} by PageRank)", "-" * 48]
    lines.append(f"{'rank':>4} {'pagerank':>8} {'sup':>3} {'att':>3} {'label':>5} {'strength':>8}  claim (asserted by)")
    for i, c in enumerate(report.claims[:top], start=1):
        lines.append(
            f"{i:>4} {c.pagerank:>8.4f} {len(c.supporters):>3} {len(c.attackers):>3} {c.labels[report.semantics[0]]:>5} "
            f"{c.strength:>8.3f}  {_short(c.text, 90)} ({', '.join(c.speakers)})"
        )
    lines += ["", f"Most contested claims (top {min(top, len(report.claims))})", "-" * 32]
    lines.append(f"{'controversy':>11} {'betweenness':>11}  claim (asserted by)")
    for c in contested(report, top):
        lines.append(f"{c.controversy:>11} {c.betweenness:>11.3f}  {_short(c.text, 90)} ({', '.join(c.speakers)})")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- JSON


def claim_record(c: ClaimStats) -> dict:
    """One claim as a JSON-ready dict; each semantics computed is a key holding its label.

    >>> from argmap import analyze, load
    >>> report = analyze(load("tests/fixtures/mini.yaml"))
    >>> record = claim_record(report.claims[0])
    >>> record["id"], record["grounded"], record["strength"], record["controversy"], len(record["attackers"])
    ('ana-footfall', 'IN', 0.5, 2, 1)
    """
    return {
        "iri": c.iri, "id": _local(c.iri), "text": c.text, "speakers": c.speakers, "issue": c.issue, "stance": c.stance,
        **c.labels,
        "strength": c.strength, "pagerank": c.pagerank, "betweenness": c.betweenness, "controversy": c.controversy,
        "supporters": c.supporters, "attackers": c.attackers,
    }


def speaker_record(s: SpeakerStats) -> dict:
    """One speaker as a JSON-ready dict; ``attacks_most`` and ``supports_most`` name the (up to) three
    speakers whose claims theirs attack or support most.

    >>> from argmap import analyze, load
    >>> report = analyze(load("tests/fixtures/mini.yaml"))
    >>> record = speaker_record(report.speakers[0])
    >>> record["name"], record["camp"], record["in_share"], record["attacks_most"][0]
    ('Ben Okafor', 2, 0.5, {'speaker': 'Ana Ruiz', 'count': 2})
    """
    return {
        "iri": s.iri, "name": s.name, "camp": s.camp, "claims": s.claims, "claims_in": s.claims_in, "in_share": s.in_share,
        "supports_made": s.supports_made, "supports_received": s.supports_received,
        "attacks_made": s.attacks_made, "attacks_received": s.attacks_received,
        "attacks_most": [{"speaker": name, "count": n} for name, n in _most(s.attacks_on)],
        "supports_most": [{"speaker": name, "count": n} for name, n in _most(s.supports_on)],
    }


def render_json(report: Report, top: int = 10) -> str:
    """The whole report as JSON: every claim (with its label under each semantics computed), every
    speaker (with their camp), the camps as lists of speaker names, and the balance of the camps.

    >>> import json
    >>> from argmap import analyze, load
    >>> report = analyze(load("tests/fixtures/mini.yaml"))
    >>> data = json.loads(render_json(report))
    >>> data["camps"], data["balance"]
    ([['Ana Ruiz', 'Some residents', 'Town Council'], ['Ben Okafor']], {'frustration': 0, 'ties': 12, 'index': 1.0})
    """
    data = {
        "title": report.title,
        "semantics": list(report.semantics),
        "counts": report.counts,
        "extensions": report.extensions,
        "camps": report.camps,
        "unaligned": report.unaligned,
        "balance": {"frustration": report.frustration, "ties": report.ties, "index": report.balance},
        "speakers": [speaker_record(s) for s in report.speakers],
        "claims": [claim_record(c) for c in report.claims],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# --------------------------------------------------------------------------- CSV


def render_csv(report: Report, top: int = 10, table: str = "claims") -> str:
    """One table as CSV: every claim (default) or every speaker, one row each.

    Lists become ``; ``-separated cells, and cells go through :func:`argmap.io.spreadsheet_cell`.

    >>> from argmap import analyze, load
    >>> report = analyze(load("tests/fixtures/mini.yaml"))
    >>> render_csv(report, table="speakers").splitlines()[1]
    'https://w3id.org/argmap/id/mini/speaker/ben,Ben Okafor,2,2,1,0.5,0,0,2,1,Ana Ruiz (2); Some residents (1),'
    """
    if table not in TABLES:
        raise ValueError(f"unknown table '{table}' (known: {', '.join(TABLES)})")
    records = [claim_record(c) for c in report.claims] if table == "claims" else [speaker_record(s) for s in report.speakers]
    out = io.StringIO()
    fields = list(records[0]) if records else ["iri"]
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({k: spreadsheet_cell(_cell(v)) for k, v in record.items()})
    return out.getvalue()


def _cell(value: object) -> object:
    if isinstance(value, list):
        return "; ".join(f"{v['speaker']} ({v['count']})" if isinstance(v, dict) else str(v) for v in value)
    return "" if value is None else value


# --------------------------------------------------------------------------- Markdown


def _md(text: object) -> str:
    return html.escape(str(text), quote=False).replace("|", "\\|").replace("\n", " ")


def _table(header: list[str], rows: Sequence[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(_md(v) for v in row) + " |" for row in rows]
    return lines


def _names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1] if names else "nobody"


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f} %"


def _some_names(names: list[str], limit: int = 12) -> str:
    """Up to ``limit`` names in prose, then how many more."""
    if len(names) <= limit:
        return _names(names)
    return ", ".join(names[:limit]) + f" and {len(names) - limit} others"


def _camps_section(report: Report, top: int, in_prose: int = 4) -> list[str]:
    camps = report.camps
    described = "; ".join(f"camp {i} — {_md(_some_names(camp))}" for i, camp in enumerate(camps[:in_prose], start=1))
    if len(camps) > in_prose:
        described += f"; and {len(camps) - in_prose} smaller camps"
    prose = (
        f"Read as a network of who backs and who attacks whom, the speakers fall into {len(camps)} "
        f"camp{'s' if len(camps) != 1 else ''}: {described}. "
        f"{report.ties - report.frustration} of the {report.ties} ties between speakers (supports, attacks, "
        f"shared claims and shared sides of an issue) agree with this split (balance {report.balance:.2f})."
    )
    if report.unaligned:
        prose += f" Not tied to anyone: {_md(_some_names(report.unaligned, 6))}."
    rows, shares = [], []
    for i, camp in enumerate(camps, start=1):
        members = [s for s in report.speakers if s.camp == i]
        claims = sum(s.claims for s in members)
        share = sum(s.claims_in for s in members) / claims if claims else None
        if share is not None:
            shares.append((share, i))
        rows.append([i, _some_names(camp, 20), claims, _percent(share)])
    if len(shares) > 1 and max(shares)[0] > min(shares)[0]:
        (best, first), (worst, last) = max(shares), min(shares)
        prose += f" Camp {first}'s claims stand most often ({_percent(best)} of them), camp {last}'s least ({_percent(worst)})."
    shown = max(top, 10)
    table = _table(["Camp", "Speakers", "Claims", "Claims standing (grounded)"], rows[:shown])
    if len(rows) > shown:
        table.append(f"\n{len(rows) - shown} more camps are listed in the JSON report.")
    return [prose, ""] + table + [""]


def render_markdown(report: Report, top: int = 10) -> str:
    """A report a journalist can paste: what stands, who sides with whom, what is contested.

    Labels are Dung's (1995) under the first semantics computed, strength DF-QuAD (Rago et al.
    2016), camps by structural balance (:mod:`argmap.analysis.camps`); the page ends with this method note.

    >>> from argmap import analyze, load
    >>> report = analyze(load("tests/fixtures/mini.yaml"))
    >>> page = render_markdown(report)
    >>> [line for line in page.splitlines() if line.startswith("## ")]
    ['## The camps', '## Speakers', '## What the debate turns on', '## Claims that stand and claims that fall']
    >>> "**3 claims stand**, **2 fall**" in page
    True
    """
    main = report.semantics[0]
    n = label_counts(report, main)
    counts = report.counts
    by_iri = {c.iri: c for c in report.claims}
    lines = ["# Who wins the argument", ""]
    if report.title:
        lines += [f"*{_md(report.title)}*", ""]
    lines.append(
        f"The map holds {len(report.claims)} claims by {len(report.speakers)} speakers, linked by "
        f"{counts.get('supports', 0)} supports, {counts.get('attacks', 0)} attacks and {counts.get('undercuts', 0)} "
        f"undercuts. Counting every attack ({main} semantics), **{n['IN']} claims stand**, "
        f"**{n['OUT']} fall** to an attack that nobody answers, and {n['UNDEC'] or 'none'} remain undecided."
    )
    for s in report.semantics[1:]:
        other = label_counts(report, s)
        differ = sum(1 for c in report.claims if c.labels[s] != c.labels[main])
        extra = report.extensions.get(s)
        ext = f" ({extra} {s} extension{'s' if extra != 1 else ''})" if extra is not None else ""
        lines[-1] += (
            f" Under {s} semantics{ext}: {other['IN']} stand, {other['OUT']} fall, {other['UNDEC']} undecided"
            + (f"; {differ} claims change label." if differ else ", the same verdicts.")
        )
    lines.append("")

    if report.camps:
        lines += ["## The camps", ""] + _camps_section(report, top)
    lines += ["## Speakers", ""]
    shown = report.speakers[: 3 * top]
    if shown:
        lines.append(
            f"{_md(shown[0].name)} asserts the most claims ({shown[0].claims}). The table counts, per speaker, the claims "
            "they assert, the share of those that stand, and the supports and attacks their claims give and receive"
            + (f" ({len(shown)} most active of {len(report.speakers)} speakers)." if len(shown) < len(report.speakers) else ".")
        )
        lines.append("")
    rows = [
        [s.name, s.camp or "–", s.claims, _percent(s.in_share), f"{s.supports_made} / {s.supports_received}",
         f"{s.attacks_made} / {s.attacks_received}", ", ".join(f"{k} ({v})" for k, v in _most(s.attacks_on, 2)) or "–",
         ", ".join(f"{k} ({v})" for k, v in _most(s.supports_on, 2)) or "–"]
        for s in shown
    ]
    lines += _table(["Speaker", "Camp", "Claims", "Standing", "Supports given / received", "Attacks given / received",
                     "Attacks most", "Supports most"], rows) + [""]

    hot = [c for c in contested(report, top) if c.controversy > 0]
    lines += ["## What the debate turns on", ""]
    if hot:
        first = hot[0]
        pro_con = f"{len(first.supporters)} supporting and {len(first.attackers)} attacking claims"
        lines.append(
            f"The most contested claim is “{_md(_short(first.text, 160))}” ({_md(_names(first.speakers))}), with {pro_con}; "
            f"once every attack is counted it {LABEL_WORDS[first.labels[main]]}. Controversy counts the pairs of "
            "speakers on opposite sides of a claim; centrality (betweenness) how much of the argument runs through it."
        )
        lines.append("")
        rows = [[_short(c.text, 110), ", ".join(c.speakers), f"{len(c.supporters)} / {len(c.attackers)}",
                 c.labels[main], f"{c.strength:.2f}", c.controversy, f"{c.betweenness:.2f}"] for c in hot]
        lines += _table(["Claim", "Said by", "Supports / attacks", main.capitalize(), "Strength", "Controversy", "Centrality"], rows)
    else:
        lines.append("No claim is both defended and attacked by different speakers.")
    lines.append("")

    lines += ["## Claims that stand and claims that fall", ""]
    standing = sorted((c for c in report.claims if c.labels[main] == "IN"), key=lambda c: (-c.strength, -c.pagerank, c.iri))[:top]
    falling = sorted((c for c in report.claims if c.labels[main] == "OUT"), key=lambda c: (-c.pagerank, c.iri))[:top]
    if standing:
        lines.append("The strongest claims left standing (strength rises with support and falls with attack, from 0 to 1):")
        lines.append("")
        lines += _table(["Claim", "Said by", "Strength"], [[_short(c.text, 120), ", ".join(c.speakers), f"{c.strength:.2f}"] for c in standing])
        lines.append("")
    if falling:
        lines.append("Claims that fall, and the unanswered attacks that defeat them:")
        lines.append("")
        rows = []
        for c in falling:
            winners = [by_iri[a] for a in c.attackers if by_iri[a].labels[main] == "IN"]
            rows.append([_short(c.text, 100), ", ".join(c.speakers),
                         "; ".join(f"{_short(w.text, 80)} ({', '.join(w.speakers)})" for w in winners)])
        lines += _table(["Claim", "Said by", "Defeated by"], rows)
        lines.append("")
    lines.append(
        "*Method: claims are arguments and attacks or undercuts are attacks in Dung's abstract argumentation "
        "(1995); a claim stands (IN) when every attack on it is answered by a claim that stands. Strength is "
        "DF-QuAD (Rago et al. 2016); camps minimise the ties that go against them (structural balance). "
        "Details: docs/analysis.md in argmap.*"
    )
    return "\n".join(lines) + "\n"


RENDERERS: dict[str, Callable[..., str]] = {"text": render_text, "json": render_json, "md": render_markdown, "csv": render_csv}


def render(report: Report, fmt: str = "text", top: int = 10, table: str = "claims") -> str:
    """The report in ``fmt`` (text, json, md or csv; ``table`` picks the CSV's rows).

    >>> from argmap import analyze, load
    >>> report = analyze(load("tests/fixtures/mini.yaml"))
    >>> render(report, "md").splitlines()[0], render(report, "csv") == render_csv(report)
    ('# Who wins the argument', True)
    >>> render(report, "pdf")
    Traceback (most recent call last):
    ValueError: unknown report format 'pdf' (known: text, json, md, csv)
    """
    if fmt not in RENDERERS:
        raise ValueError(f"unknown report format '{fmt}' (known: {', '.join(FORMATS)})")
    return render_csv(report, top, table) if fmt == "csv" else RENDERERS[fmt](report, top)
