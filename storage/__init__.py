"""Object storage, the metadata index and the audit log. Never imports prefect."""
