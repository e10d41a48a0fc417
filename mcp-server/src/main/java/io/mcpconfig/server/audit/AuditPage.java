package io.mcpconfig.server.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.mcpconfig.server.release.Target;

/**
 * One page of the audit log, newest first, as {@code GET /api/v1/audit} answers it.
 *
 * @param entries the entries of the page
 * @param page the page's number, from 0
 * @param size how many entries a page holds
 * @param total how many entries pass the filter, on all pages
 */
public record AuditPage(List<AuditEntry> entries, int page, int size, long total) {

	public AuditPage {
		entries = List.copyOf(entries);
	}

	/**
	 * Picks a page out of what a store retains, before the store reads the entries of
	 * that page only.
	 * @param <T> how the store knows an entry (a line of a file, a key)
	 * @param oldestFirst what the store retains, in the order written
	 * @param targetOf the target of each, {@code null} for a token change
	 * @param filter which entries pass
	 * @param page the page's number, from 0
	 * @param size how many entries a page holds
	 * @return the page's items, newest first, and how many pass in all
	 */
	public static <T> Selection<T> select(List<T> oldestFirst, Function<T, Target> targetOf, AuditFilter filter,
			int page, int size) {
		long skip = (long) page * size;
		long total = 0;
		List<T> items = new ArrayList<>(Math.min(size, oldestFirst.size()));
		for (int i = oldestFirst.size() - 1; i >= 0; i--) {
			T item = oldestFirst.get(i);
			if (filter.admits(targetOf.apply(item))) {
				if (total >= skip && items.size() < size) {
					items.add(item);
				}
				total++;
			}
		}
		return new Selection<>(List.copyOf(items), total);
	}

	/**
	 * What {@link #select} picked.
	 *
	 * @param <T> how the store knows an entry
	 * @param items the page's items, newest first
	 * @param total how many pass the filter, on all pages
	 */
	public record Selection<T>(List<T> items, long total) {
	}

}
