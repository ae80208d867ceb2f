"""Photos that lock a record's state (影像锁定): upload, EXIF, content-addressed storage."""
