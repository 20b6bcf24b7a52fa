"""The entity tagger's internals; the public surface is `reader.tagging`.

One module per idea:

* `text`      character folding shared by training and tagging;
* `segment`   jieba word boundaries and parts of speech (rjieba when installed);
* `lexicon`   surname, title and suffix tables (general, never page-specific);
* `features`  the sequence model's per-character features;
* `model`     loading the packaged model and decoding its labels to spans;
* `crf`, `cnn` the CRF and the dilated CNN-CRF at tagging time (numpy);
* `ensemble`  the CRF helped by the CNN where it is unsure (the packaged model);
* `namelist`  unseparated lists of people (`治丧委员会名单：江泽民李鹏…`);
* `rules`     local-news conventions on top of the model (titles, `、` lists, bylines, organisations);
* `userdict`  the user's own dictionary file;
* `consistency`  the corpus-level pass (a name found in a strong context is tagged everywhere);
* `msra`      reading the annotated corpus and its fixed train/dev/held-out slices;
* `train`, `train_neural`  `python -m reader.tagger.train` (the CRF, `ner.npz`) and
  `python -m reader.tagger.train_neural` (the CNN, `ner-cnn.npz`).
"""
