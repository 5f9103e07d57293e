import json
import logging

from lilith.logging import JsonFormatter


def test_json_log_lines_carry_level_logger_and_message():
    record = logging.LogRecord(
        "lilith.test", logging.WARNING, __file__, 1, "Demande %s gardée", ("42",), None
    )
    line = json.loads(JsonFormatter().format(record))
    assert (
        line["level"] == "WARNING"
        and line["logger"] == "lilith.test"
        and line["message"] == "Demande 42 gardée"
    )
