"""The entity tagger's internals; the public surface is `reader.tagging`.

One module per idea:

* `text`      character folding shared by training and tagging;
* `segment`   jieba word boundaries and parts of speech (rjieba when installed);
* `lexicon`   surname, title and suffix tables (general, never page-specific);
* `features`  the sequence model's per-character features;
* `model`     loading the packaged CRF model and decoding its labels to spans;
* `rules`     local-news conventions on top of the model (titles, `、` lists, bylines, organisations);
* `userdict`  the user's own dictionary file;
* `consistency`  the corpus-level pass (a name found in a strong context is tagged everywhere);
* `msra`      reading the annotated corpus and its fixed train/dev/held-out slices;
* `train`     `python -m reader.tagger.train`, which rebuilds `ner.crfsuite`.
"""
