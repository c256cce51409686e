"""Paper: answers from returned paper forms keyed in by staff, and responses gathered
elsewhere imported from a file. No Flask here: the editor's paper pages and the
`import-responses` command call these services, which read answers with
`survey.answers.read_answer` and store them with `responses.storage.submit`, like
every other channel."""
