"""Language resources the stages read: models and word tables, all loaded from disk.

* ``nlp``: MiniLM (int8 ONNX on onnxruntime) and spaCy, loaded once per process;
* ``lexicon``: the hand-kept word tables (opposites, reporting verbs, hedges, month cuts);
* ``wordnet``: WordNet 3 through NLTK, for synonyms, antonyms and kinds of things;
* ``tone``: VADER's rated words, for a word of the opposite tone;
* ``numbers``: numbers written in words or figures, ranges and bounds, as values.
"""
