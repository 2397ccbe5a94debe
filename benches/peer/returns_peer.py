"""The peer for `cargo xtask bench`: what a volunteer would otherwise run.

Writes one period's Summary and Activity sheets, as Evident's returns pack
has them, straight from the same SQLite database with Python's sqlite3 and
XlsxWriter, computing the council contract's measures in SQL. Prints the
Summary's figures as JSON, so the benchmark can check that the peer did the
same work as Evident (the figures must be equal).

usage: returns_peer.py DATABASE AGREEMENT PERIOD_START PERIOD_END YEAR_START OUT.xlsx
"""

import json
import sqlite3
import sys

import xlsxwriter


def measures(db, agreement, start, end):
    """The council contract's nine measures over [start, end]."""
    programmes = [r[0] for r in db.execute(
        "SELECT ap.programme_id FROM agreement_programme ap JOIN agreement a ON a.id = ap.agreement_id"
        " WHERE a.reference = ?", (agreement,))]
    marks = ",".join("?" * len(programmes))
    in_range = db.execute(
        f"SELECT participant_id, count(*) FROM attendance WHERE programme_id IN ({marks})"
        " AND date BETWEEN ? AND ? GROUP BY participant_id", (*programmes, start, end)).fetchall()
    people = {p: n for p, n in in_range}
    size = len(people)
    first_ever = dict(db.execute(
        f"SELECT participant_id, min(date) FROM attendance WHERE programme_id IN ({marks})"
        " GROUP BY participant_id", programmes).fetchall())
    new = sum(1 for p in people if start <= first_ever[p] <= end)
    sessions = db.execute(
        f"SELECT count(*), coalesce(sum(s.duration_minutes / 60.0 * (s.headcount +"
        " (SELECT count(*) FROM attendance a WHERE a.session_id = s.id))), 0),"
        " coalesce(sum(s.volunteer_hours), 0)"
        f" FROM session s WHERE s.programme_id IN ({marks}) AND s.date BETWEEN ? AND ?",
        (*programmes, start, end)).fetchone()
    six_or_more = sum(1 for n in people.values() if n >= 6)
    free_meals = {r[0] for r in db.execute(
        "SELECT participant_id FROM participant_group WHERE group_name = 'free school meals' COLLATE NOCASE")}
    with_meals = sum(1 for p in people if p in free_meals)
    in_scope = {r[0] for r in db.execute(
        f"SELECT DISTINCT participant_id FROM attendance WHERE programme_id IN ({marks}) AND date <= ?",
        (*programmes, end))}

    def improved(indicator):
        higher, change = db.execute(
            "SELECT higher_is_better, meaningful_change FROM indicator WHERE name = ? COLLATE NOCASE",
            (indicator,)).fetchone()
        scores = {}
        for person, date, ident, score in db.execute(
                "SELECT a.participant_id, a.date, a.id, a.score FROM assessment a"
                " JOIN indicator i ON i.id = a.indicator_id"
                " WHERE i.name = ? COLLATE NOCASE AND a.participant_id IS NOT NULL AND a.date <= ?"
                " ORDER BY a.participant_id, a.date, a.id", (indicator, end)):
            scores.setdefault(person, []).append((date, score))
        assessed = better = 0
        for person, history in scores.items():
            if person not in in_scope:
                continue
            follow_ups = [s for d, s in history[1:] if start <= d <= end]
            if not follow_ups:
                continue
            assessed += 1
            gain = follow_ups[-1] - history[0][1]
            if (gain if higher else -gain) >= change:
                better += 1
        return assessed, better

    confidence_assessed, confidence_better = improved("Self-rated confidence")
    _, fewer_days_missed = improved("School days missed this half-term")
    percent = lambda part, whole: 100.0 * part / whole if whole else None
    return {
        "CYP1": size,
        "CYP2": new,
        "CYP3": sessions[0],
        "CYP4": sessions[1],
        "CYP5": percent(six_or_more, size),
        "CYP6": percent(with_meals, size),
        "CYP7": percent(confidence_better, confidence_assessed),
        "CYP8": fewer_days_missed,
        "CYP9": sessions[2],
    }


def main():
    path, agreement, start, end, year_start, out = sys.argv[1:7]
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    period = measures(db, agreement, start, end)
    year = measures(db, agreement, year_start, end)
    book = xlsxwriter.Workbook(out)
    summary = book.add_worksheet("Summary")
    summary.write_row(0, 0, ["Code", "Measure", "Question", "Baseline", "Target", "This period",
                             "Year to date", "Variance", "Status"])
    rows = db.execute(
        "SELECT m.code, m.title, m.question FROM measure m JOIN agreement a ON a.id = m.agreement_id"
        " WHERE a.reference = ? ORDER BY m.position", (agreement,)).fetchall()
    for i, (code, title, question) in enumerate(rows, start=1):
        summary.write_row(i, 0, [code, title, question, "", "", period.get(code), year.get(code)])
    activity = book.add_worksheet("Activity")
    activity.write_row(0, 0, ["Date", "Programme", "Hours", "Named", "Headcount", "Total",
                              "Volunteers", "Volunteer hours"])
    sessions = db.execute(
        "SELECT s.date, p.name, s.duration_minutes / 60.0, count(a.participant_id), s.headcount,"
        " s.volunteers, s.volunteer_hours FROM session s JOIN programme p ON p.id = s.programme_id"
        " JOIN agreement_programme ap ON ap.programme_id = s.programme_id"
        " JOIN agreement g ON g.id = ap.agreement_id AND g.reference = ?"
        " LEFT JOIN attendance a ON a.session_id = s.id"
        " WHERE s.date BETWEEN ? AND ? GROUP BY s.id ORDER BY s.date, s.id", (agreement, start, end))
    row = 1
    for date, programme, hours, named, headcount, volunteers, volunteer_hours in sessions:
        activity.write_row(row, 0, [date, programme, hours, named, headcount, named + headcount,
                                    volunteers, volunteer_hours])
        row += 1
    row += 1
    activity.write_row(row, 0, ["Month", "Sessions", "Attendances", "Distinct participants"])
    for month in db.execute(
            "SELECT substr(s.date, 1, 7), count(DISTINCT s.id), count(a.participant_id),"
            " count(DISTINCT a.participant_id) FROM session s"
            " JOIN agreement_programme ap ON ap.programme_id = s.programme_id"
            " JOIN agreement g ON g.id = ap.agreement_id AND g.reference = ?"
            " LEFT JOIN attendance a ON a.session_id = s.id"
            " WHERE s.date BETWEEN ? AND ? GROUP BY 1 ORDER BY 1", (agreement, start, end)):
        row += 1
        activity.write_row(row, 0, list(month))
    book.close()
    print(json.dumps({"this_period": period, "year_to_date": year}))


if __name__ == "__main__":
    main()
