package vn.ketnoi.exchange;

import java.util.List;

import vn.ketnoi.core.exchange.ServiceId;

/**
 * One service of the platform's catalogue ({@link ExchangeClient#catalogue()}): its id, title,
 * the agency that provides it and its operations. Immutable.
 *
 * @param serviceId the service's id, what a request addresses
 * @param title a human title
 * @param provider the providing agency
 * @param operations its operations
 */
public record ServiceDescription(ServiceId serviceId, String title, String provider, List<Operation> operations) {
    /**
     * Copies the list.
     *
     * @param serviceId the service's id
     * @param title a human title
     * @param provider the providing agency
     * @param operations its operations
     */
    public ServiceDescription {
        operations = List.copyOf(operations);
    }

    /**
     * One operation of a service.
     *
     * @param name the operation's name, such as {@code births.lookup}
     * @param method the HTTP method
     * @param path the path template within the service, such as {@code /documents/{documentId}}
     * @param requestSchema the JSON Schema of the request body, as JSON text; empty when it has none
     * @param responseSchema the JSON Schema of the success body, as JSON text
     */
    public record Operation(String name, String method, String path, String requestSchema, String responseSchema) {
    }
}
