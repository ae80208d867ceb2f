"""Database access: the connection pool and SQL beside the tables it reads."""
