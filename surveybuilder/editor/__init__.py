"""The staff editor (web): build, check, preview, publish and close consultations.

Views here translate forms into calls on `surveybuilder.consultations` services and
never hold survey rules of their own.
"""
