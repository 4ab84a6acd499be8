"""Candidate search that scales: trigram indexes over the candidates' folded names.

candidate_search holds each candidate's name as the search reads it: the folded words of
candidates.search_name, each preceded by two spaces ("  anna  jensen"), so that a word's first one
or two letters form a trigram with the spaces before them ("  l", " li") and words shorter than
three letters are looked up as prefixes through the same index. `seq` grows with each new row and
orders the hits (the candidates added last first). A trigram index over it answers "contains" and
"a word starts with" alike:
- SQLite: the FTS5 table candidate_name_trigrams (trigram tokenizer, external content
  candidate_search, rowid = seq);
- PostgreSQL: a GIN index with pg_trgm's gin_trgm_ops, and one on (tenant_id, seq) that holds the
  words too, to read a tenant's newest names in order.
Triggers keep both in step in the statement that changes a candidate (insert, update of its name or
tenant, delete): the app never writes them. Existing candidates are carried over, oldest first.

Also: an index on the candidates' LinkedIn profile address (find by profile URL), and on PostgreSQL
the candidate_emails.address column compares byte by byte (COLLATE "C"), so a prefix of an address
is a range of its index whatever the database's collation.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-09
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0006'
down_revision: Union[str, Sequence[str], None] = '0005'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def _marked_words(name: str) -> str:
    """SQL for store.text.marked_words(store.text.name_words(name)) of a folded name (both dialects):
    the separators - ' ’ . , become word breaks, each word gets two leading spaces, runs collapse."""
    spaced = f"replace({name}, ' ', '  ')"
    for separator in ("-", "''", "’", ".", ","):
        spaced = f"replace({spaced}, '{separator}', '  ')"
    trimmed = f"ltrim(rtrim({spaced}))"
    for _ in range(3):  # a run of up to eight separators becomes one word break
        trimmed = f"replace({trimmed}, '    ', '  ')"
    return f"'  ' || {trimmed}"


SQLITE_TRIGGERS = (
    f"""CREATE TRIGGER candidate_search_after_insert AFTER INSERT ON candidates BEGIN
        INSERT INTO candidate_search (tenant_id, candidate_id, words)
        VALUES (new.tenant_id, new.id, {_marked_words('new.search_name')});
    END""",
    f"""CREATE TRIGGER candidate_search_after_update AFTER UPDATE OF id, tenant_id, search_name ON candidates
    BEGIN
        UPDATE candidate_search
        SET candidate_id = new.id, tenant_id = new.tenant_id, words = {_marked_words('new.search_name')}
        WHERE candidate_id = old.id;
    END""",
    """CREATE TRIGGER candidate_search_after_delete AFTER DELETE ON candidates BEGIN
        DELETE FROM candidate_search WHERE candidate_id = old.id;
    END""",
    """CREATE TRIGGER candidate_name_trigrams_after_insert AFTER INSERT ON candidate_search BEGIN
        INSERT INTO candidate_name_trigrams (rowid, words) VALUES (new.seq, new.words);
    END""",
    """CREATE TRIGGER candidate_name_trigrams_after_delete AFTER DELETE ON candidate_search BEGIN
        INSERT INTO candidate_name_trigrams (candidate_name_trigrams, rowid, words)
        VALUES ('delete', old.seq, old.words);
    END""",
    """CREATE TRIGGER candidate_name_trigrams_after_update AFTER UPDATE OF seq, words ON candidate_search
    BEGIN
        INSERT INTO candidate_name_trigrams (candidate_name_trigrams, rowid, words)
        VALUES ('delete', old.seq, old.words);
        INSERT INTO candidate_name_trigrams (rowid, words) VALUES (new.seq, new.words);
    END""",
)

POSTGRESQL_TRIGGER_FUNCTION = f"""
CREATE FUNCTION candidate_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO candidate_search (tenant_id, candidate_id, words)
        VALUES (NEW.tenant_id, NEW.id, {_marked_words('NEW.search_name')});
    ELSIF TG_OP = 'UPDATE' THEN
        UPDATE candidate_search
        SET candidate_id = NEW.id, tenant_id = NEW.tenant_id, words = {_marked_words('NEW.search_name')}
        WHERE candidate_id = OLD.id;
    ELSE
        DELETE FROM candidate_search WHERE candidate_id = OLD.id;
    END IF;
    RETURN NULL;
END
$$"""


def upgrade() -> None:
    """Upgrade schema."""
    dialect = op.get_bind().dialect.name
    op.create_table('candidate_search',
    sa.Column('seq', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('tenant_id', sa.String(length=64), nullable=False),
    sa.Column('candidate_id', sa.String(length=32), nullable=False),
    sa.Column('words', sa.String(length=500), nullable=False),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_candidate_search')),
    sa.UniqueConstraint('candidate_id', name=op.f('uq_candidate_search_candidate_id'))
    )
    with op.batch_alter_table('candidate_search', schema=None) as batch_op:
        batch_op.create_index('ix_candidate_search_tenant_words', ['tenant_id', 'words', 'seq'], unique=False)
    with op.batch_alter_table('candidates', schema=None) as batch_op:
        batch_op.create_index('ix_candidates_tenant_profile_url', ['tenant_id', 'linkedin_profile_url'], unique=False)

    backfill = (
        "INSERT INTO candidate_search (tenant_id, candidate_id, words)"
        f" SELECT tenant_id, id, {_marked_words('search_name')} FROM candidates ORDER BY created_at, code, id"
    )
    if dialect == 'sqlite':
        op.execute(
            "CREATE VIRTUAL TABLE candidate_name_trigrams USING fts5("
            "words, content='candidate_search', content_rowid='seq', tokenize='trigram', columnsize=0)"
        )
        for trigger in SQLITE_TRIGGERS[3:]:  # the trigram index follows candidate_search from the start
            op.execute(trigger)
        op.execute(backfill)
        for trigger in SQLITE_TRIGGERS[:3]:
            op.execute(trigger)
    else:
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute(backfill)
        op.execute(
            "CREATE INDEX ix_candidate_search_words_trigrams ON candidate_search USING gin (words gin_trgm_ops)"
        )
        # For a word many names have, reading the tenant's newest entries until enough match beats
        # collecting every match from the trigram index; the planner picks per query. The words ride
        # along in the index, so the reading never visits the table.
        op.execute(
            "CREATE INDEX ix_candidate_search_tenant_seq ON candidate_search (tenant_id, seq) INCLUDE (words)"
        )
        # Which of the two is cheaper depends on how many names hold the words; the planner estimates
        # that by trying the pattern on a sample of names, which a larger sample makes closer.
        op.execute("ALTER TABLE candidate_search ALTER COLUMN words SET STATISTICS 1000")
        op.execute(POSTGRESQL_TRIGGER_FUNCTION)
        op.execute(
            "CREATE TRIGGER candidate_search_sync AFTER INSERT OR DELETE OR UPDATE OF id, tenant_id, search_name"
            " ON candidates FOR EACH ROW EXECUTE FUNCTION candidate_search_sync()"
        )
        op.execute('ALTER TABLE candidate_emails ALTER COLUMN address TYPE VARCHAR(320) COLLATE "C"')


def downgrade() -> None:
    """Downgrade schema."""
    dialect = op.get_bind().dialect.name
    if dialect == 'sqlite':
        for name in (
            'candidate_search_after_insert', 'candidate_search_after_update', 'candidate_search_after_delete',
            'candidate_name_trigrams_after_insert', 'candidate_name_trigrams_after_delete',
            'candidate_name_trigrams_after_update',
        ):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS candidate_name_trigrams")
    else:
        op.execute('ALTER TABLE candidate_emails ALTER COLUMN address TYPE VARCHAR(320) COLLATE "default"')
        op.execute("DROP TRIGGER IF EXISTS candidate_search_sync ON candidates")
        op.execute("DROP FUNCTION IF EXISTS candidate_search_sync()")
        op.execute("DROP INDEX IF EXISTS ix_candidate_search_words_trigrams")
        op.execute("DROP INDEX IF EXISTS ix_candidate_search_tenant_seq")
    with op.batch_alter_table('candidates', schema=None) as batch_op:
        batch_op.drop_index('ix_candidates_tenant_profile_url')
    with op.batch_alter_table('candidate_search', schema=None) as batch_op:
        batch_op.drop_index('ix_candidate_search_tenant_words')
    op.drop_table('candidate_search')
