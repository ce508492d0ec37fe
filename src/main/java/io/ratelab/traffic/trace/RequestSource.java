package io.ratelab.traffic.trace;

import java.io.Closeable;
import java.io.IOException;

/** A trace file's requests in file order, times as recorded; bad lines go to {@link LineTally}. One consumer. */
interface RequestSource extends Closeable {

    /** The next request, or null at the end of the file. */
    TraceRequest next() throws IOException;
}
