"""Stories, not copies: which articles of a feed report the same event.

- :mod:`.canonical_url`: one spelling for every shared copy of a page's URL;
- :mod:`.signature`: the few hashed words of an article kept with its cached record;
- :mod:`.story_builder`: the clustering (full, then change by change), and the links
  that are not words (canonical URLs, ``related`` entries);
- :mod:`.word_weights`: IDF over the signatures (word counts, norms, similarity);
- :mod:`.word_links`: the walks that compare articles through the words they share;
- :mod:`.feed_postings`: word -> articles over the whole feed, for those with no date;
- :mod:`.story_members`: which story each article is in (union by size), best first;
- :mod:`.story_index`: the result readers use (members, best member, stable ids);
- :mod:`.story_cache`: the result kept between runs;
- :mod:`.feed_stories`: all of it kept in step with one feed's store;
- :mod:`.story_groups`: a list of articles grouped by story.

The package imports nothing by itself (import the modules): the loader and the cache
records import :mod:`.signature`, and must not pull the rest in with it.
See docs/stories.md for the method and its measured precision and recall.
"""
