package hudson.model;

/** The /api/json, /api/xml of an exported bean. */
public class Api {
    public final Object bean;

    public Api(Object bean) {
        this.bean = bean;
    }
}
