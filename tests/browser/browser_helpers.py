"""Small helpers shared by the browser tests (imported by both test modules)."""
from __future__ import annotations

import pytest

XSS_TITLE = "<img src=x onerror=alert(1)>"
XSS_TEXT = "</script><script>alert(1)</script>"


def by():
    from selenium.webdriver.common.by import By

    return By


def assert_no_alert(driver):
    from selenium.common.exceptions import NoAlertPresentException

    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018 - raises when no dialog is open
