"""Write imports/examples/history-example.xlsx: an example history sheet (made-up content,
marked "[Example]", real company and department names) for meetings 13-15.

    .venv/bin/python scripts/build_history_example.py
"""

import datetime
import json
import random
from pathlib import Path

from openpyxl import Workbook

ROOT = Path(__file__).resolve().parent.parent
HEADER = [
    "Meeting number",
    "Meeting date",
    "Company",
    "Paper title",
    "Recommendation number",
    "Reference",
    "Title (English)",
    "Title (Chinese)",
    "Text (English)",
    "Text (Chinese)",
    "Lead department",
    "Response stance",
    "Response text",
    "Response date",
    "Latest status",
    "Progress (%)",
    "Status date",
]
ASKS = [
    ("Open a one-stop service window for foreign investors", "设立外资企业一站式服务窗口"),
    ("Pilot green electricity trading for manufacturers", "开展制造企业绿电交易试点"),
    ("Train engineers for smart factories with local universities", "联合本地高校培养智能工厂工程师"),
    ("Speed up customs clearance for cross-border parts", "加快跨境零部件通关"),
    ("Publish open data on logistics routes", "开放物流线路公共数据"),
    ("Support hydrogen fuel-cell trucks on freight corridors", "在货运通道推广氢燃料电池货车"),
]
STANCES = ["Accepted", "Partially accepted", "Under study", "Noted"]
STATUSES = [("Implemented", 100), ("In progress", 60), ("Partially implemented", 40), ("Not started", 0)]


def main():
    data = json.loads((ROOT / "demo" / "demo_data" / "meeting16.json").read_text(encoding="utf-8"))
    companies = [company["name_en"] for company in data["companies"]][:4]
    departments = [department["short_name_en"] for department in data["departments"]][:6]
    rng = random.Random(15)  # noqa: S311 (example data)
    book = Workbook()
    sheet = book.active
    sheet.title = "History"
    sheet.append(HEADER)
    for meeting, year in ((13, 2018), (14, 2019), (15, 2020)):
        date = datetime.date(year, 11, 6)
        for company in companies:
            for number in (1, 2, 3):
                english, chinese = rng.choice(ASKS)
                status, progress = rng.choice(STATUSES)
                responded = date + datetime.timedelta(days=rng.randint(30, 90))
                sheet.append(
                    [
                        meeting,
                        date,
                        company,
                        f"[Example] {company}'s paper, {year}",
                        number,
                        None,
                        f"[Example] {english}",
                        f"【示例】{chinese}",
                        f"[Example] The municipal government should {english[0].lower()}{english[1:]}.",
                        f"【示例】建议市政府{chinese}。",
                        rng.choice(departments),
                        rng.choice(STANCES),
                        "[Example] The department answered in writing.",
                        responded,
                        status,
                        progress,
                        responded + datetime.timedelta(days=rng.randint(100, 300)),
                    ]
                )
    for row in sheet.iter_rows(min_row=2):
        for cell in (row[1], row[13], row[16]):
            cell.number_format = "yyyy-mm-dd"
    path = ROOT / "imports" / "examples" / "history-example.xlsx"
    book.save(path)
    print(f"{sheet.max_row - 1} rows written to {path}")


if __name__ == "__main__":
    main()
