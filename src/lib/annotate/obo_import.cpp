// Placeholder: being written (issue 3, lexicon import-obo).
