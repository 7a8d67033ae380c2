"""The one exception type services raise for a refused action. Its message is already
translated into the user's language; views show it and answer 4xx, never 500."""


class DomainError(Exception):
    def __init__(self, message: str, *, code: str = "invalid", status: int = 400):
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status


class PermissionDeniedError(DomainError):
    def __init__(self, message: str, *, code: str = "forbidden"):
        super().__init__(message, code=code, status=403)
