"""advisor-app: offline-first desktop app for support advisors."""

__version__ = "0.1.0"
APP_NAME = "advisor-app"
