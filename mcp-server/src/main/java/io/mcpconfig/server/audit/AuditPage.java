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

	/** How many entries a filter on their content reads at a time. */
	static final int SCAN_BATCH = 128;

	public AuditPage {
		entries = List.copyOf(entries);
	}

	/**
	 * Reads a page out of what a store retains. What the store knows of an entry without
	 * reading it (its target and id) picks the page, and only the page's entries are read;
	 * a filter on what entries hold ({@link AuditFilter#readsEntries()}) reads every entry
	 * that could pass, newest first, {@value #SCAN_BATCH} at a time, to count them.
	 * @param <T> how the store knows an entry (a line of a file, a key)
	 * @param <X> what the reader throws
	 * @param oldestFirst what the store retains, in the order written
	 * @param targetOf the target of each, {@code null} for a token change
	 * @param idOf the id of each
	 * @param filter which entries pass
	 * @param page the page's number, from 0
	 * @param size how many entries a page holds
	 * @param reader reads the entries of some of them
	 * @return the page
	 * @throws X if the reader fails
	 */
	public static <T, X extends Exception> AuditPage read(List<T> oldestFirst, Function<T, Target> targetOf,
			Function<T, String> idOf, AuditFilter filter, int page, int size, EntryReader<T, X> reader) throws X {
		long skip = (long) page * size;
		long total = 0;
		List<T> candidates = new ArrayList<>();
		for (int i = oldestFirst.size() - 1; i >= 0; i--) {
			T item = oldestFirst.get(i);
			if (!filter.admits(targetOf.apply(item), idOf.apply(item))) {
				continue;
			}
			if (filter.readsEntries() || (total >= skip && candidates.size() < size)) {
				candidates.add(item);
			}
			total++;
		}
		if (!filter.readsEntries()) {
			return new AuditPage(candidates.isEmpty() ? List.of() : reader.read(candidates), page, size, total);
		}
		List<AuditEntry> entries = new ArrayList<>(size);
		total = 0;
		for (int from = 0; from < candidates.size(); from += SCAN_BATCH) {
			for (AuditEntry entry : reader.read(candidates.subList(from, Math.min(candidates.size(), from + SCAN_BATCH)))) {
				if (filter.admitsEntry(entry)) {
					if (total >= skip && entries.size() < size) {
						entries.add(entry);
					}
					total++;
				}
			}
		}
		return new AuditPage(entries, page, size, total);
	}

	/**
	 * Reads entries a store knows.
	 *
	 * @param <T> how the store knows an entry
	 * @param <X> what it throws when the store cannot be read
	 */
	@FunctionalInterface
	public interface EntryReader<T, X extends Exception> {

		/**
		 * Reads the entries of some items.
		 * @param items the items, newest first
		 * @return their entries in the same order, without those that cannot be read or
		 * were dropped by retention since they were listed
		 * @throws X if the store cannot be read
		 */
		List<AuditEntry> read(List<T> items) throws X;

	}

}
