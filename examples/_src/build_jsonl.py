"""Regenerate examples/jsonl/sample.jsonl from the readable sources in _src/jsonl/.

Deterministic: fixed record order and key order, UTF-8, one JSON object per line, "\n" endings.
Run from anywhere:  python examples/_src/build_jsonl.py
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXAMPLES = HERE.parent
SRC = HERE / "jsonl"

# (source file, fields stated by the container).  "text" or "html" comes from the file suffix.
RECORDS = [
    ("1_kim_il_sung_square_treaty.txt", {
        "url": "https://www.naba-asia.example/ar/2024/06/19/putin-kim-treaty",
        "title": "مراسم حافلة في ساحة كيم إيل سونغ.. بوتين وكيم يوقعان معاهدة \"الشراكة الشاملة\"",
        "date": "2024-06-19",
        "outlet": "نبأ آسيا",
    }),
    ("2_kim_vladivostok_fleet.html", {
        "url": "https://www.sawt-alsharq.example/world/8830",
        "date": "2023-09-16T19:30:00+03:00",
        "outlet": "صوت الشرق",
    }),
    ("3_uae_central_bank_rate.txt", {
        "url": "https://www.mal-aamal.example/banks/uae-base-rate-june",
        "outlet": "مال وأعمال",
    }),
    ("4_king_visits_injured_marrakech.html", {
        "url": "https://www.madar24.example/national/5530",
    }),
    ("5_kim_train_arrives_khasan.txt", {}),
]


def build() -> bytes:
    lines = []
    for name, fields in RECORDS:
        body = (SRC / name).read_text(encoding="utf-8")
        record = dict(fields)
        record["html" if name.endswith(".html") else "text"] = body
        lines.append(json.dumps(record, ensure_ascii=False))
    return ("\n".join(lines) + "\n").encode("utf-8")


def main() -> None:
    out = EXAMPLES / "jsonl" / "sample.jsonl"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(build())
    print(f"wrote {out.relative_to(EXAMPLES)}")


if __name__ == "__main__":
    main()
