"""Where residents answer (web): one blueprint over the shared journey and storage code."""
