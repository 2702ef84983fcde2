package vn.ketnoi.vneid.edocuments;

import java.util.List;
import java.util.Optional;

/** One page of a citizen's documents from this agency, newest first. Immutable. */
public final class DocumentPage {
    private final List<DocumentRecord> documents;
    private final String nextPageToken;

    DocumentPage(List<DocumentRecord> documents, String nextPageToken) {
        this.documents = List.copyOf(documents);
        this.nextPageToken = nextPageToken;
    }

    /** {@return the documents on this page} */
    public List<DocumentRecord> documents() {
        return documents;
    }

    /** {@return the token for the next page; empty on the last page} */
    public Optional<String> nextPageToken() {
        return Optional.ofNullable(nextPageToken);
    }

    @Override
    public String toString() {
        return "DocumentPage[" + documents.size() + " document(s), more=" + (nextPageToken != null) + "]";
    }
}
