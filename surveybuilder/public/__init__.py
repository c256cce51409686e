"""Pages anyone can read: the home page and the site's accessibility and privacy notes."""
