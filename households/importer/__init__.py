"""The จปฐ. import: one pipeline (read → find header → parse rows → plan → write) behind the
upload page, the admin's import button and `manage.py import_bmn`."""
