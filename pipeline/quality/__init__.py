"""Detection quality on a labelled corpus: recall and precision per entity, planted values surviving."""
