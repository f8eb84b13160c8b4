package dev.safemigrate.spring;

import liquibase.integration.spring.SpringLiquibase;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Gives every {@link SpringLiquibase} bean the safe form of its data source before it runs its changelog
 * ({@code afterPropertiesSet}, which comes after this). Boot's auto-configured bean and one the application
 * declares itself alike; the data source beans themselves are left as they are.
 */
final class LiquibaseMigrationDataSource implements BeanPostProcessor {
    private final ObjectProvider<MigrationDataSources> dataSources;

    /** Takes a provider: a post-processor is created before ordinary beans, the settings among them. */
    LiquibaseMigrationDataSource(ObjectProvider<MigrationDataSources> dataSources) {
        this.dataSources = dataSources;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof SpringLiquibase liquibase && liquibase.getDataSource() != null) {
            liquibase.setDataSource(dataSources.getObject().wrap(liquibase.getDataSource()));
        }
        return bean;
    }
}
