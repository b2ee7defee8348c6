#!/usr/bin/env python3
"""Writes N generated published articles (with a byline each) straight into a Broadsheet database, for bench/search.sh.

  search_generate.py sqlite DB_FILE N          inserts into the SQLite file (the app has created and seeded it)
  search_generate.py csv DIR N                 writes DIR/articles.csv for PostgreSQL's COPY (bylines are added in SQL)

The words follow a Zipf-like distribution over a fixed vocabulary, so some words are common and most are rare, as in
news text. The search documents are not written here: the app's `reindex` command builds them. Deterministic (seeded).
"""
import csv
import datetime
import random
import sqlite3
import sys

SYLLABLES = ["ka", "lo", "mi", "ren", "sa", "to", "vel", "dor", "ni", "pra", "que", "sul", "tan", "bri", "cor", "fen",
             "gal", "hu", "jor", "mar", "nol", "pes", "ris", "tev", "ul", "var", "wen", "yor", "zel", "ast"]


def vocabulary(size, rng):
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def articles(count, seed=12):
    rng = random.Random(seed)
    words = vocabulary(20000, rng)
    weights = [1.0 / (rank + 1) for rank in range(len(words))]
    now = datetime.datetime(2026, 11, 1, tzinfo=datetime.timezone.utc)
    for i in range(count):
        pick = rng.choices(words, weights=weights, k=12 + 30 + 160)
        headline = " ".join(pick[:12]).capitalize()[:290]
        standfirst = " ".join(pick[12:42]).capitalize() + "."
        paragraphs = [" ".join(pick[42 + p * 40:82 + p * 40]).capitalize() + "." for p in range(4)]
        body = "\n\n".join(paragraphs)
        published = now - datetime.timedelta(minutes=37 * i + rng.randint(0, 30))
        yield i, headline, f"bench-{i}", standfirst, body, published


def stamp(moment):
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def to_sqlite(path, count):
    db = sqlite3.connect(path)
    sections = [row[0] for row in db.execute('SELECT "Id" FROM "Sections"')]
    authors = [row[0] for row in db.execute('SELECT "Id" FROM "Authors"')]
    db.execute("BEGIN")
    for i, headline, slug, standfirst, body, published in articles(count):
        cursor = db.execute(
            'INSERT INTO "Articles" ("Headline","Slug","Standfirst","Body","BodyFormat","IsSticky","Status","PublishedAt","CreatedAt",'
            '"UpdatedAt","SectionId","CommentsOpen","EmailSubscribers","AlertQueuedAt") VALUES (?,?,?,?,0,0,3,?,?,?,?,1,0,?)',
            (headline, slug, standfirst, body, stamp(published), stamp(published), stamp(published), sections[i % len(sections)], stamp(published)))
        db.execute('INSERT INTO "Bylines" ("ArticleId","AuthorId","Position") VALUES (?,?,0)', (cursor.lastrowid, authors[i % len(authors)]))
    db.commit()
    db.close()


def to_csv(folder, count):
    with open(f"{folder}/articles.csv", "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        for i, headline, slug, standfirst, body, published in articles(count):
            writer.writerow([headline, slug, standfirst, body, published.isoformat(), i])


if __name__ == "__main__":
    kind, target, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    (to_sqlite if kind == "sqlite" else to_csv)(target, n)
