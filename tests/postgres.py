"""Plain connections to the test PostgreSQL server beside Django's: to read whole databases, and
to copy, make and drop them."""

import psycopg
from django.db import connection
from psycopg import sql


def connect(dbname):
    """An autocommit connection to the database `dbname` on the test server, as Django's user
    (`postgres` is the server's own, from which the test database can be dropped and copied)."""
    s = connection.settings_dict
    return psycopg.connect(
        dbname=dbname, host=s["HOST"], port=s["PORT"], user=s["USER"], autocommit=True
    )


def drop_database(conn, name):
    """Drop the database `name` if it is there, closing whatever is connected to it."""
    conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
