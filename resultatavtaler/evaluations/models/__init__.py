from .evaluation import Assessment, AssessmentRating, MidyearReview, PaySummaryNote, SelfEvaluation, SelfRating
from .input_requests import InputAnswer, InputInvitation, InputRequest
from .measurements import Measurement, MeasurementImport
from .scales import Scale

__all__ = [
    "Assessment",
    "AssessmentRating",
    "InputAnswer",
    "InputInvitation",
    "InputRequest",
    "Measurement",
    "MeasurementImport",
    "MidyearReview",
    "PaySummaryNote",
    "Scale",
    "SelfEvaluation",
    "SelfRating",
]
