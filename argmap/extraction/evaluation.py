"""Scoring quotation extraction against gold: quote spans (exact and overlap) and speakers.

Gold comes in two forms:

* brat standoff as in PolNeAR (Newell, Margolin & Ruths, *An Attribution Relations Corpus for
  Political News*, LREC 2018): ``T`` lines ``Source``/``Cue``/``Content`` with 0-based,
  end-exclusive offsets (discontinuous spans ``a b;c d``) and ``E`` lines
  ``Attribution:T4 Content:T3 Cue:T2 Source:T1`` tying them together;
* a JSON list of ``{"start", "end", "speaker"}`` (offsets into the article, speaker's name).

Spans are compared after trimming whitespace, quotation marks and edge punctuation from both
ends (so ``“It works,”`` equals ``It works``). A prediction *overlaps* a gold quotation when
they share a character, and is scored against the gold quotation it overlaps most (of two it
overlaps equally, the shorter: the inner attribution of a nested pair, ``X said that Y argued
Z``, for a prediction of ``Z``); it is *exact* when the trimmed spans are equal (for a discontinuous gold
span, equal to one of its pieces or to the whole). Precision counts predictions, recall counts
gold quotations (the convention of Pareti, *Attribution: a computational approach*, 2015).
A found quotation's speaker is right when the predicted speaker's name covers the gold one's
capitalised name words (``Trump`` ~ ``Donald Trump``) or, where the gold source is a pronoun or a
description, when the predicted source mention overlaps the gold ``Source`` span. Speaker
accuracy is over found quotations whose gold names a source; *attributed* P/R/F1 counts a
prediction when it overlaps a gold quotation and names its speaker (or the gold names none).
Scores are given for all quotations and separately for *direct* ones (the span opens with or
just after a quotation mark) and *indirect* ones (reported speech, including partly quoted).
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from pathlib import Path

from argmap.errors import InputError
from argmap.extraction.attribution import Attribution, Extraction, extract_quotes
from argmap.extraction.names import TITLES
from argmap.extraction.text import QUOTE_CHARS
from argmap.graph.model import Debate

OPENERS = "“‘\"'«„"
EDGE = " \t\n" + QUOTE_CHARS + ",.;:!?—–-…"
KINDS = ("all", "direct", "indirect")


@dataclass(frozen=True)
class GoldQuote:
    """A gold quotation: its pieces (discontinuous spans), speaker name or source text, source spans."""

    pieces: tuple[tuple[int, int], ...]
    speaker: str | None
    source_spans: tuple[tuple[int, int], ...] = ()

    @property
    def start(self) -> int:
        return min(s for s, _ in self.pieces)

    @property
    def end(self) -> int:
        return max(e for _, e in self.pieces)


@dataclass(frozen=True)
class PredictedQuote:
    """A predicted quotation with its speaker's names and, when known, the source mention's span."""

    start: int
    end: int
    speaker: str | None
    aliases: tuple[str, ...] = ()
    mention: tuple[int, int] | None = None


@dataclass
class Counts:
    """Counts for one kind of quotation; add them across documents (micro-averaging)."""

    gold: int = 0
    predicted: int = 0
    predicted_exact: int = 0
    gold_exact: int = 0
    predicted_overlap: int = 0
    gold_overlap: int = 0
    speaker_scored: int = 0
    speaker_right: int = 0
    attributed: int = 0
    gold_attributed: int = 0

    def __iadd__(self, other: Counts) -> Counts:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))
        return self

    def scores(self) -> dict[str, float]:
        """Precision, recall and F1 for exact and overlap spans; speaker accuracy on found
        quotations; and attributed F1 (overlap *and* right speaker)."""
        def prf(p_hits: int, g_hits: int) -> tuple[float, float, float]:
            p = p_hits / self.predicted if self.predicted else 0.0
            r = g_hits / self.gold if self.gold else 0.0
            return p, r, (2 * p * r / (p + r) if p + r else 0.0)

        ep, er, ef = prf(self.predicted_exact, self.gold_exact)
        op, orr, of = prf(self.predicted_overlap, self.gold_overlap)
        ap, ar, af = prf(self.attributed, self.gold_attributed)
        return {
            "exact_p": ep, "exact_r": er, "exact_f1": ef,
            "overlap_p": op, "overlap_r": orr, "overlap_f1": of,
            "speaker_acc": self.speaker_right / self.speaker_scored if self.speaker_scored else 0.0,
            "attributed_p": ap, "attributed_r": ar, "attributed_f1": af,
        }


@dataclass
class Report:
    """Counts by kind (``all``, ``direct``, ``indirect``) over one or more documents."""

    documents: int = 0
    counts: dict[str, Counts] = field(default_factory=lambda: {k: Counts() for k in KINDS})

    def add(self, other: Report) -> None:
        self.documents += other.documents
        for kind in KINDS:
            self.counts[kind] += other.counts[kind]

    def as_dict(self) -> dict:
        return {
            "documents": self.documents,
            **{kind: {**vars(self.counts[kind]), **{k: round(v, 4) for k, v in self.counts[kind].scores().items()}} for kind in KINDS},
        }


# --- reading gold and predictions -----------------------------------------------------------


def read_gold_json(path: str | Path) -> list[GoldQuote]:
    """Read a JSON list of ``{"start", "end", "speaker"}`` gold quotations (an :class:`InputError`
    naming the file and item for anything else).

    >>> gold = read_gold_json("tests/fixtures/quotes/tram-debate.quotes.json")
    >>> len(gold), gold[0]
    (11, GoldQuote(pieces=((93, 149),), speaker='Jane Okafor', source_spans=()))
    """
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read gold file: {exc}") from None
    except json.JSONDecodeError as exc:
        raise InputError(str(path), f"not JSON: {exc.msg}", line=exc.lineno) from None
    if not isinstance(data, list):
        raise InputError(str(path), "expected a JSON list of {start, end, speaker}")
    gold = []
    for i, item in enumerate(data):
        if not isinstance(item, dict) or not all(isinstance(item.get(k), int) for k in ("start", "end")):
            raise InputError(str(path), "expected integer 'start' and 'end'", field=f"[{i}]")
        if item["end"] <= item["start"] or item["start"] < 0:
            raise InputError(str(path), f"end ({item['end']}) must be greater than start ({item['start']}) ≥ 0", field=f"[{i}]")
        speaker = item.get("speaker")
        if speaker is not None and not isinstance(speaker, str):
            raise InputError(str(path), "speaker must be text", field=f"[{i}].speaker")
        gold.append(GoldQuote(((item["start"], item["end"]),), speaker))
    return gold


_BRAT_T = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t?(.*)$")


def read_brat(path: str | Path) -> list[GoldQuote]:
    """Read the attributions of a brat ``.ann`` file (PolNeAR's Source/Cue/Content events).

    Lines that are not ``T``/``E`` annotations (notes, and the continuation lines of a span
    whose text crosses a paragraph break) are skipped. Each ``E`` event with a ``Content`` becomes
    one gold quotation: its content pieces, the text of its ``Source`` spans as the speaker, and
    those spans.

    >>> [(quote.pieces, quote.speaker, quote.source_spans) for quote in read_brat("tests/fixtures/quotes/tram-debate.ann")[:2]]
    [(((92, 151),), 'Okafor', ((152, 158),)), (((165, 199),), None, ())]
    """
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read annotation file: {exc}") from None
    spans: dict[str, tuple[tuple[tuple[int, int], ...], str]] = {}
    events: list[tuple[int, dict[str, list[str]]]] = []
    for number, line in enumerate(lines, start=1):
        if re.match(r"T\d+\t", line):
            match = _BRAT_T.match(line)
            if not match:
                raise InputError(str(path), f"malformed text-bound annotation {line[:40]!r}", line=number)
            pieces = tuple((int(a), int(b)) for a, b in (piece.split() for piece in match.group(3).split(";")))
            spans[match.group(1)] = (pieces, match.group(4))
        elif re.match(r"E\d+\t", line):
            parts = line.split("\t")
            if len(parts) < 2:
                raise InputError(str(path), f"malformed event {line[:40]!r}", line=number)
            roles: dict[str, list[str]] = {}
            for arg in parts[1].split():
                role, _, ref = arg.partition(":")
                roles.setdefault(re.sub(r"\d+$", "", role), []).append(ref)
            events.append((number, roles))
    gold = []
    for number, roles in events:
        contents = [spans[ref] for ref in roles.get("Content", []) if ref in spans]
        if not contents:
            continue
        missing = [ref for key in ("Content", "Source") for ref in roles.get(key, []) if ref not in spans]
        if missing:
            raise InputError(str(path), f"event refers to missing annotation {missing[0]}", line=number)
        pieces = tuple(sorted(p for c in contents for p in c[0]))
        sources = [spans[ref] for ref in roles.get("Source", [])]
        gold.append(
            GoldQuote(pieces, " ".join(s[1] for s in sources) or None, tuple(p for s in sources for p in s[0]))
        )
    return sorted(gold, key=lambda g: g.start)


def predictions_from_extraction(extraction: Extraction) -> list[PredictedQuote]:
    """The extractor's attributions as predictions (with source mention spans).

    >>> from argmap.extraction import extract_quotes
    >>> predictions_from_extraction(extract_quotes("Rents rose sharply, Bo Park said."))
    [PredictedQuote(start=0, end=18, speaker='Bo Park', aliases=(), mention=(20, 27))]
    """
    out = []
    for att in extraction.attributions:
        entity = extraction.entities.get(att.speaker) if att.speaker else None
        out.append(
            PredictedQuote(
                att.start, att.end, entity.name if entity else None,
                tuple(sorted(entity.aliases)) if entity else (), att.mention,
            )
        )
    return out


def predictions_from_debate(debate: Debate, source_id: str | None = None) -> list[PredictedQuote]:
    """Every locution with offsets (from one source, if given) as a prediction, named by its
    speaker's name and aliases, in order of offsets.

    >>> from argmap.extraction import draft_debate
    >>> predictions_from_debate(draft_debate("Rents rose sharply, Bo Park said.", "Rents"))
    [PredictedQuote(start=0, end=18, speaker='Bo Park', aliases=(), mention=None)]
    """
    speakers = {s.id: s for s in debate.speakers}
    out = []
    for claim in debate.claims:
        for loc in claim.locutions:
            if loc.start is None or loc.end is None or (source_id is not None and loc.source != source_id):
                continue
            speaker = speakers.get(loc.speaker)
            out.append(
                PredictedQuote(loc.start, loc.end, speaker.name if speaker else loc.speaker, tuple(speaker.aliases) if speaker else ())
            )
    return sorted(out, key=lambda p: p.start)


# --- scoring --------------------------------------------------------------------------------


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """A span without surrounding whitespace, quotation marks and edge punctuation (:data:`EDGE`).

    >>> text = "“It works,” she said."
    >>> start, end = trimmed(text, 0, 11)
    >>> start, end, text[start:end]
    (1, 9, 'It works')
    """
    while start < end and text[start] in EDGE:
        start += 1
    while end > start and text[end - 1] in EDGE:
        end -= 1
    return start, end


def span_kind(text: str, start: int, end: int) -> str:
    """``direct`` when the span opens with, or right after, a quotation mark; else ``indirect``.

    >>> span_kind("He said “no way” twice", 9, 15), span_kind("He said rents rose", 8, 18)
    ('direct', 'indirect')
    """
    while start < end and text[start].isspace():
        start += 1
    if start < end and text[start] in OPENERS:
        return "direct"
    return "direct" if start > 0 and text[start - 1] in OPENERS else "indirect"


def _name_words(name: str) -> set[str]:
    folded = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    tokens = re.findall(r"[^\W\d_][\w\-]*", folded)
    return {t.casefold() for t in tokens if t[:1].isupper() and t.casefold().rstrip(".") not in TITLES}


def same_speaker(gold: GoldQuote, pred: PredictedQuote) -> bool:
    """Whether a prediction names the gold quotation's speaker (see the module docstring): its
    source mention overlaps a gold ``Source`` span, or its names cover the gold name's words.

    >>> gold = GoldQuote(((0, 5),), "Donald Trump")
    >>> same_speaker(gold, PredictedQuote(0, 5, "Trump")), same_speaker(gold, PredictedQuote(0, 5, "Ivanka Trump"))
    (True, False)
    >>> same_speaker(GoldQuote(((0, 5),), "he", ((10, 12),)), PredictedQuote(0, 5, "Bo Park", mention=(10, 12)))
    True
    """
    if pred.mention and any(s < pred.mention[1] and pred.mention[0] < e for s, e in gold.source_spans):
        return True
    if not gold.speaker or not pred.speaker:
        return False
    gold_words = _name_words(gold.speaker)
    names = [pred.speaker, *pred.aliases]
    if not gold_words:
        return any(n.casefold() == gold.speaker.casefold().strip() for n in names)
    pred_words = set().union(*(_name_words(n) for n in names))
    return gold_words <= pred_words or any(_name_words(n) and _name_words(n) <= gold_words for n in names)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _trimmed_pieces(text: str, gold: list[GoldQuote]) -> list[list[tuple[int, int]]]:
    return [[trimmed(text, *piece) for piece in g.pieces] for g in gold]


def best_match(span: tuple[int, int], gold_pieces: list[list[tuple[int, int]]]) -> int | None:
    """The index of the gold quotation (given by its trimmed pieces) that a predicted span is
    scored against: the one it shares most characters with and, of those it shares equally
    many with, the shortest; None when it overlaps none.

    >>> best_match((10, 20), [[(0, 40)], [(10, 20)], [(50, 60)]])
    1
    """
    best, best_key = None, (0, 0)
    for i, pieces in enumerate(gold_pieces):
        size = sum(_overlap(span, piece) for piece in pieces)
        key = (size, -sum(e - s for s, e in pieces))
        if size > 0 and key > best_key:
            best, best_key = i, key
    return best


def score_document(text: str, gold: list[GoldQuote], predicted: list[PredictedQuote]) -> Report:
    """Score one document's predictions against its gold quotations (the counts behind the
    precision, recall and speaker accuracy of the module docstring).

    Both spans found (the second once its quotation marks are trimmed), one speaker wrong:

    >>> text = "Rents rose sharply, Bo Park said. “It is late,” Ann Lee said."
    >>> gold = [GoldQuote(((0, 18),), "Bo Park"), GoldQuote(((35, 45),), "Ann Lee")]
    >>> scores = score_document(text, gold, [PredictedQuote(0, 18, "Bo Park"), PredictedQuote(34, 46, "Bo Park")]).counts["all"].scores()
    >>> scores["exact_f1"], scores["speaker_acc"], scores["attributed_f1"]
    (1.0, 0.5, 0.5)
    """
    report = Report(documents=1)
    gold_kind = [span_kind(text, g.start, g.end) for g in gold]
    pred_kind = [span_kind(text, p.start, p.end) for p in predicted]
    gold_exact_keys = [
        {trimmed(text, *piece) for piece in g.pieces} | {trimmed(text, g.start, g.end)} for g in gold
    ]
    found_exact = [False] * len(gold)
    found_overlap = [False] * len(gold)
    attributed = [False] * len(gold)
    pieces = _trimmed_pieces(text, gold)
    for p, kind in zip(predicted, pred_kind):
        span = trimmed(text, p.start, p.end)
        best = best_match(span, pieces)
        exact = False
        for i, g in enumerate(gold):
            if span in gold_exact_keys[i]:
                exact = True
                found_exact[i] = True
            if any(_overlap(span, piece) for piece in pieces[i]):
                found_overlap[i] = True
        scored = best is not None and gold[best].speaker is not None
        right = best is not None and scored and same_speaker(gold[best], p)
        if best is not None and (right or not scored):
            attributed[best] = True
        for bucket in ("all", kind):
            counts = report.counts[bucket]
            counts.predicted += 1
            counts.predicted_exact += exact
            counts.predicted_overlap += best is not None
            counts.speaker_scored += scored
            counts.speaker_right += right
            counts.attributed += right or (best is not None and not scored)
    for i, kind in enumerate(gold_kind):
        for bucket in ("all", kind):
            counts = report.counts[bucket]
            counts.gold += 1
            counts.gold_exact += found_exact[i]
            counts.gold_overlap += found_overlap[i]
            counts.gold_attributed += attributed[i]
    return report


#: The formats a report is written in.
REPORT_FORMATS = ("text", "json")


def render_report(report: Report, fmt: str = "text", title: str = "") -> str:
    """The report as ``text`` (:func:`format_report`, under ``title``) or ``json`` (:meth:`Report.as_dict`).

    >>> report = Report()
    >>> render_report(report, "json").startswith("{")
    True
    """
    if fmt == "json":
        return json.dumps(report.as_dict(), indent=2) + "\n"
    return format_report(report, title) + "\n"


def format_report(report: Report, title: str = "") -> str:
    """A plain-text table of a report (one row per kind of quotation).

    >>> text = "Rents rose sharply, Bo Park said. “It is late,” Ann Lee said."
    >>> gold = [GoldQuote(((0, 18),), "Bo Park"), GoldQuote(((35, 45),), "Ann Lee")]
    >>> print(format_report(score_document(text, gold, [PredictedQuote(0, 18, "Bo Park")]), "one article"))
    one article
    1 document(s)
    kind       gold  pred  exact P     R    F1  overlap P     R    F1  speaker  attrib F1
    all           2     1    1.000 0.500 0.667      1.000 0.500 0.667    1.000      0.667
    direct        1     0    0.000 0.000 0.000      0.000 0.000 0.000    0.000      0.000
    indirect      1     1    1.000 1.000 1.000      1.000 1.000 1.000    1.000      1.000
    """
    head = f"{'kind':<9} {'gold':>5} {'pred':>5}  {'exact P':>7} {'R':>5} {'F1':>5}  {'overlap P':>9} {'R':>5} {'F1':>5}  {'speaker':>7}  {'attrib F1':>9}"
    lines = [title] if title else []
    lines += [f"{report.documents} document(s)", head]
    for kind in KINDS:
        c = report.counts[kind]
        s = c.scores()
        lines.append(
            f"{kind:<9} {c.gold:>5} {c.predicted:>5}  {s['exact_p']:>7.3f} {s['exact_r']:>5.3f} {s['exact_f1']:>5.3f}  "
            f"{s['overlap_p']:>9.3f} {s['overlap_r']:>5.3f} {s['overlap_f1']:>5.3f}  {s['speaker_acc']:>7.3f}  {s['attributed_f1']:>9.3f}"
        )
    return "\n".join(lines)


# --- corpora --------------------------------------------------------------------------------


def read_gold(path: str | Path) -> list[GoldQuote]:
    """Gold quotations from a ``.json`` list or a brat ``.ann`` file.

    >>> [quote.speaker for quote in read_gold("tests/fixtures/quotes/tram-debate.ann")][:3]
    ['Okafor', None, 'he']
    >>> read_gold("tests/fixtures/quotes/tram-debate.txt")
    Traceback (most recent call last):
    argmap.errors.InputError: tests/fixtures/quotes/tram-debate.txt: gold must be a .ann (brat) or .json ({start, end, speaker}) file or a folder of them
    """
    path = Path(path)
    if path.suffix == ".ann":
        return read_brat(path)
    if path.suffix == ".json":
        return read_gold_json(path)
    raise InputError(str(path), "gold must be a .ann (brat) or .json ({start, end, speaker}) file or a folder of them")


def text_for_annotation(ann: Path) -> Path | None:
    """The article text of a gold file: ``X.txt`` beside ``X.ann``, or PolNeAR's ``../text/X.txt``
    for ``attributions/X_<annotator>.ann``.

    >>> text_for_annotation(Path("tests/fixtures/quotes/tram-debate.quotes.json")).as_posix()
    'tests/fixtures/quotes/tram-debate.txt'
    """
    stems = [ann.stem, re.sub(r"_[0-9a-f]{4}$", "", ann.stem), re.sub(r"\.quotes(\.gold)?$", "", ann.stem)]
    for folder in (ann.parent, ann.parent.parent / "text"):
        for stem in stems:
            candidate = folder / f"{stem}.txt"
            if candidate.is_file():
                return candidate
    return None


def gold_documents(folder: str | Path) -> list[tuple[Path, Path]]:
    """(text, gold) pairs of a folder: PolNeAR's ``text/`` + ``attributions/``, or files side by
    side. With several annotators for one article, the first annotation (by name) is used.

    Of the fixture's two gold files for one article, the first by name:

    >>> [(text.name, gold.name) for text, gold in gold_documents("tests/fixtures/quotes")]
    [('tram-debate.txt', 'tram-debate.ann')]
    """
    folder = Path(folder)
    ann_folder = folder / "attributions" if (folder / "attributions").is_dir() else folder
    pairs: dict[Path, Path] = {}
    for ann in sorted(list(ann_folder.glob("*.ann")) + list(ann_folder.glob("*.json"))):
        text = text_for_annotation(ann)
        if text is not None and text not in pairs:
            pairs[text] = ann
    if not pairs:
        raise InputError(str(folder), "no gold files (.ann or .json) with their article text (.txt) found")
    return [(text, ann) for text, ann in sorted(pairs.items())]


def read_text(path: str | Path, encoding: str = "utf-8") -> str:
    """An article's text, decoded from ``encoding``; an :class:`InputError` naming the file (and,
    for bytes that do not decode, where they are and how to give another encoding).

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder, "article.txt")
    ...     _ = path.write_bytes("Café owners object.".encode("cp1252"))
    ...     print(read_text(path, "cp1252"))
    ...     try:
    ...         read_text(path)
    ...     except InputError as error:
    ...         print(str(error).replace(folder, "…"))
    Café owners object.
    …/article.txt: not utf-8 text (byte 3: b'\\xe9'): give the file's encoding with --encoding, e.g. --encoding cp1252 or --encoding latin-1
    """
    path = Path(path)
    try:
        return path.read_text(encoding=encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            str(path), f"not {encoding} text (byte {exc.start}: {exc.object[exc.start : exc.start + 1]!r}): "
            "give the file's encoding with --encoding, e.g. --encoding cp1252 or --encoding latin-1",
        ) from None
    except LookupError:
        raise InputError(str(path), f"unknown encoding {encoding!r}") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot read article text: {exc.strerror or exc}") from None


def evaluate_extractor(pairs: Iterable[tuple[Path, Path]], extract) -> Report:
    """Run ``extract(text) -> list[PredictedQuote]`` on every article and score it against its gold
    (counts added over the articles: micro-averaged).

    An extractor that keeps only its first five quotations finds five of the eleven:

    >>> report = evaluate_extractor(gold_documents("tests/fixtures/quotes"), lambda text: extracted_predictions(text)[:5])
    >>> report.documents, report.counts["all"].gold, report.counts["all"].gold_exact
    (1, 11, 5)
    """
    total = Report()
    for text_path, gold_path in pairs:
        text = read_text(text_path)
        total.add(score_document(text, read_gold(gold_path), extract(text)))
    return total


def extracted_predictions(text: str, scope: str = "speech") -> list[PredictedQuote]:
    """argmap's own extractor (:func:`argmap.extraction.attribution.extract_quotes`) as predictions.

    >>> text = "Rents rose sharply, Bo Park said. “It is late,” Ann Lee said."
    >>> [(text[p.start:p.end], p.speaker) for p in extracted_predictions(text)]
    [('Rents rose sharply', 'Bo Park'), ('It is late', 'Ann Lee')]
    """
    return predictions_from_extraction(extract_quotes(text, scope))


def _debate_predictions(pred: Path, text_path: Path | None, gold: Path) -> tuple[str, list[PredictedQuote]]:
    from argmap.graph.formats import read_files
    from argmap.graph.rdf import rdf_to_debate

    debate = rdf_to_debate(read_files([pred]))
    if text_path is None:
        for source in debate.sources:
            if source.path and (pred.parent / source.path).is_file():
                text_path = pred.parent / source.path
                break
    text_path = text_path or text_for_annotation(gold)
    if text_path is None:
        raise InputError(str(pred), "cannot find the article text: give --text (or a source 'path' in the debate)")
    return read_text(text_path), predictions_from_debate(debate)


def evaluate_files(gold: Path, pred: Path | None = None, text_path: Path | None = None, limit: int | None = None,
                   scope: str = "speech") -> Report:
    """What ``argmap eval-quotes`` computes.

    ``gold`` is a ``.ann``/``.json`` file or a folder of them with their articles (each article
    is extracted, with :func:`~argmap.extraction.attribution.extract_quotes` in the given ``scope``,
    and scored). ``pred`` is a debate file (its locutions are scored) or an article
    ``.txt`` (extracted, then scored); without it, the gold file's own article is extracted.

    >>> counts = evaluate_files(Path("tests/fixtures/quotes/tram-debate.ann")).counts
    >>> [(kind, counts[kind].gold, counts[kind].gold_exact, counts[kind].speaker_right) for kind in KINDS]
    [('all', 11, 11, 7), ('direct', 8, 8, 4), ('indirect', 3, 3, 3)]
    """
    gold, pred = Path(gold), Path(pred) if pred is not None else None
    if gold.is_dir():
        if pred is not None:
            raise InputError(str(pred), "with a gold folder, each article is extracted: leave out --pred")
        return evaluate_extractor(gold_documents(gold)[:limit], lambda text: extracted_predictions(text, scope))
    quotes = read_gold(gold)
    if pred is not None and pred.suffix not in (".txt", ".text"):
        text, predicted = _debate_predictions(pred, text_path, gold)
    else:
        article = pred or text_path or text_for_annotation(gold)
        if article is None:
            raise InputError(str(gold), "cannot find the article text beside the gold file: give --pred ARTICLE.txt or --text")
        text = read_text(article)
        predicted = extracted_predictions(text, scope)
    for i, quote in enumerate(quotes):
        if quote.end > len(text):
            raise InputError(str(gold), f"offsets {quote.start}-{quote.end} lie beyond the article's {len(text)} characters", field=f"[{i}]")
    return score_document(text, quotes, predicted)


# --- calibration ----------------------------------------------------------------------------


def outcomes(text: str, gold: list[GoldQuote], predicted: list[PredictedQuote]) -> list[bool]:
    """For each prediction, whether it is right in the sense of attributed precision: it overlaps
    a gold quotation (the one it overlaps most) and names that quotation's speaker (or the gold
    names none). The same test as :func:`score_document`'s ``attributed`` count.

    >>> text = "Rents rose sharply, Bo Park said. “It is late,” Ann Lee said."
    >>> gold = [GoldQuote(((0, 18),), "Bo Park"), GoldQuote(((35, 45),), "Ann Lee")]
    >>> outcomes(text, gold, [PredictedQuote(0, 18, "Bo Park"), PredictedQuote(34, 46, "Bo Park"), PredictedQuote(19, 27, "Ann Lee")])
    [True, False, False]
    """
    right = []
    pieces = _trimmed_pieces(text, gold)
    for p in predicted:
        best = best_match(trimmed(text, p.start, p.end), pieces)
        right.append(best is not None and (gold[best].speaker is None or same_speaker(gold[best], p)))
    return right


def labelled_attributions(pairs: Iterable[tuple[Path, Path]], scope: str = "speech") -> list[tuple[Attribution, bool]]:
    """Every attribution the extractor makes on a corpus, with whether it is right (:func:`outcomes`).

    >>> [(attribution.basis, right) for attribution, right in labelled_attributions(gold_documents("tests/fixtures/quotes"))][:3]
    [('direct cue', True), ('direct continuation', True), ('direct pronoun', True)]
    """
    labelled = []
    for text_path, gold_path in pairs:
        text = read_text(text_path)
        extraction = extract_quotes(text, scope)
        right = outcomes(text, read_gold(gold_path), predictions_from_extraction(extraction))
        labelled += list(zip(extraction.attributions, right))
    return labelled


MIN_CALIBRATION_COUNT = 20
"""The fewest attributions a basis needs on the training corpus to get its own confidence."""


def fit_confidence(labelled: Iterable[tuple[Attribution, bool]]) -> dict[str, float]:
    """The share of right attributions for each basis (``Attribution.basis``) and each kind and
    how, with add-one smoothing, where there are at least :data:`MIN_CALIBRATION_COUNT`
    (histogram binning by basis: Zadrozny & Elkan, KDD 2002).

    >>> from argmap.extraction.attribution import Attribution
    >>> fit_confidence([(Attribution(0, 1, "direct", "x", 0.0, "cue"), i % 4 != 0) for i in range(40)])
    {'direct cue': 0.738}
    """
    counts: dict[str, list[int]] = {}
    for att, right in labelled:
        for basis in {att.basis, f"{att.kind} {att.how}"}:
            count = counts.setdefault(basis, [0, 0])
            count[0] += right
            count[1] += 1
    return {
        basis: round((hits + 1) / (total + 2), 3)
        for basis, (hits, total) in sorted(counts.items()) if total >= MIN_CALIBRATION_COUNT
    }


@dataclass(frozen=True)
class ReliabilityBin:
    """Predictions whose confidence falls in ``[low, high)``: how many, their mean confidence, the share right."""

    low: float
    high: float
    count: int
    confidence: float
    accuracy: float


def reliability(scored: Iterable[tuple[float, bool]], bins: int = 10) -> list[ReliabilityBin]:
    """The reliability table of confidences against outcomes, in equal-width bins (DeGroot &
    Fienberg 1983; Guo et al., *On Calibration of Modern Neural Networks*, ICML 2017).

    >>> [(b.count, b.confidence, b.accuracy) for b in reliability([(0.9, True), (0.9, False), (0.2, False)], 2)]
    [(1, 0.2, 0.0), (2, 0.9, 0.5)]
    """
    grouped: dict[int, list[tuple[float, bool]]] = {}
    for conf, right in scored:
        grouped.setdefault(min(int(conf * bins), bins - 1), []).append((conf, right))
    return [
        ReliabilityBin(i / bins, (i + 1) / bins, len(items), sum(c for c, _ in items) / len(items), sum(r for _, r in items) / len(items))
        for i, items in sorted(grouped.items())
    ]


def expected_calibration_error(table: list[ReliabilityBin]) -> float:
    """ECE: the mean gap between confidence and accuracy over bins, weighted by their counts
    (Naeini, Cooper & Hauskrecht, AAAI 2015).

    >>> round(expected_calibration_error(reliability([(0.9, True), (0.9, False), (0.2, False)], 2)), 4)
    0.3333
    """
    total = sum(b.count for b in table)
    return sum(b.count * abs(b.confidence - b.accuracy) for b in table) / total if total else 0.0


def format_reliability(table: list[ReliabilityBin]) -> str:
    """A Markdown reliability table (:func:`reliability`) with its expected calibration error
    (:func:`expected_calibration_error`: Naeini et al. 2015; Guo et al. 2017).

    >>> print(format_reliability(reliability([(0.9, True), (0.9, False), (0.2, False)], 2)))
    | confidence | attributions | mean confidence | share right |
    |---|---|---|---|
    | 0.0–0.5 | 1 | 0.200 | 0.000 |
    | 0.5–1.0 | 2 | 0.900 | 0.500 |
    <BLANKLINE>
    Expected calibration error: 0.333
    """
    lines = ["| confidence | attributions | mean confidence | share right |", "|---|---|---|---|"]
    lines += [f"| {b.low:.1f}–{b.high:.1f} | {b.count} | {b.confidence:.3f} | {b.accuracy:.3f} |" for b in table]
    return "\n".join(lines) + f"\n\nExpected calibration error: {expected_calibration_error(table):.3f}"
