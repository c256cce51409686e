"""The co-production charter in code: checks a consultation against it. No Flask."""
