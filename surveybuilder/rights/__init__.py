"""Residents' rights over their answers: finding one response for a subject access
request, writing it out, erasing it, and keeping to each consultation's retention
period (docs/residents-rights.md). Every look at or download of a response is in the
audit log (`surveybuilder.consultations.audit`)."""
