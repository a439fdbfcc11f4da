"""One exception tree for narrator; every message is fit to show a user."""


class NarratorError(Exception):
    """Base of every error narrator raises on purpose. `code` names the kind for APIs."""

    code = "narrator_error"


class IngestError(NarratorError):
    """The input cannot be narrated: empty, too large, binary, malformed or of an unknown kind."""

    code = "invalid_input"


class InputTooLargeError(IngestError):
    """The input is over the configured size limit."""

    code = "input_too_large"


class UnsupportedInputError(IngestError):
    """The input's type or encoding is not one narrator reads."""

    code = "unsupported_input"


class UnsupportedLanguageError(UnsupportedInputError):
    """The article is in a language no installed voice speaks."""

    code = "unsupported_language"


class FetchError(IngestError):
    """A web page could not be fetched, or was refused (robots.txt, private address, not HTML, too large...)."""

    code = "fetch_failed"


class EngineError(NarratorError):
    """A speech engine is missing, misconfigured or failed to produce audio."""

    code = "engine_error"


class UnknownVoiceError(IngestError, EngineError):
    """The voice asked for is not installed for that engine (the message names the installed ones)."""

    code = "unknown_voice"


class AudioError(NarratorError):
    """Assembling, measuring or encoding audio failed (ffmpeg missing, disk full...)."""

    code = "audio_error"


class StoreError(NarratorError):
    """The narration store could not be read or written."""

    code = "store_error"


class StoreUnavailableError(StoreError):
    """The store cannot be reached or is locked by another process now: a passing state, worth retrying."""

    code = "store_unavailable"
    retry_after_s = 5


class BusyError(NarratorError):
    """The service has no room for this request now (every page-fetch slot is taken); try again shortly."""

    code = "busy"

    def __init__(self, message: str, retry_after_s: float = 5) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


class JobError(NarratorError):
    """A narration job could not be queued or run."""

    code = "job_error"


class QueueUnavailableError(JobError):
    """The job queue (Redis or the SQLite queue file) did not take the job."""

    code = "queue_unavailable"


class ConfigError(NarratorError):
    """A setting or configuration file is wrong; the message names the setting, its value, its source and what is
    accepted."""

    code = "invalid_setting"
